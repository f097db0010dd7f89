#!/usr/bin/env python3
# Browser tests of signing in against a real kiosk-intake: wrong password → said in words; repeated wrong
# passwords → the lockout message with the seconds left (the button stays off meanwhile); the right one → queue;
# a session that idles past the intake's timeout ends on the login page with 登录已过期.
import time

import deskharness as h


class Login(h.DeskTest):

    def test_login_page_then_queue(self):
        self.open("")
        self.visible_text("h2", contains="民警登录")
        self.shot("login")
        self.login_ok()
        self.visible_text("#officer-window", contains="2 号窗口")

    def test_wrong_password_then_lockout(self):
        self.login(password="wrong-1")
        self.visible_text("#login-msg", contains="账号或密码错误")
        self.assertEqual(self.by("#password").get_attribute("value"), "")   # cleared for the next try
        locked = None
        for i in range(2, 12):   # the intake locks after a few wrong attempts (5 by docs/DESK_API.md)
            h.wait_for(lambda: self.by("#login-submit").is_enabled(), what="the button back on")
            self.by("#password").send_keys("wrong-%d" % i)
            self.by("#login-submit").click()
            h.wait_for(lambda: self.by("#login-submit").is_enabled() or "秒后再试" in self.by("#login-msg").text,
                       what="the answer to attempt %d" % i)
            msg = self.by("#login-msg").text
            if "秒后再试" in msg:
                locked = msg
                break
        self.assertIsNotNone(locked, "no lockout after 11 wrong passwords")
        self.assertRegex(locked, r"请 \d+ 秒后再试")
        self.assertFalse(self.by("#login-submit").is_enabled(), "sign-in button usable while locked")
        self.shot("login-locked")
        # The countdown moves.
        first = int(locked.split("请 ")[1].split(" ")[0])
        h.wait_for(lambda: "秒后再试" in self.by("#login-msg").text and
                   int(self.by("#login-msg").text.split("请 ")[1].split(" ")[0]) < first, timeout=5,
                   what="the countdown")
        # Even the right password is refused while locked (checked at the API: the button is off).
        api = h.DeskClient(self.intake)
        st, hd, _ = api.login("wang", "wang-pass-2026")
        self.assertEqual(st, 429)
        self.assertTrue(int(hd.get("retry-after", "0")) > 0, hd)
        # Another officer is not locked out by wang's attempts.
        self.assertEqual(h.DeskClient(self.intake).login("li", "li-pass-2026")[0], 200)

    def test_empty_fields_are_said(self):
        self.open("")
        self.visible_text("#login-submit")
        self.by("#login-submit").click()
        self.visible_text("#login-msg", contains="请输入账号和密码")


class Expiry(h.DeskTest):
    idle_timeout_s = 3

    def test_idle_session_expires_to_login(self):
        self.login_ok()
        # The report page does not poll: the session idles out at the intake, the next click gets 401.
        self.by("#nav-report").click()
        h.wait_for(lambda: self.d.current_url.endswith("report.html"), what="report page")
        self.visible_text("#r-served")
        time.sleep(self.idle_timeout_s + 2.5)
        h.wait_for(lambda: self.d.current_url.endswith("index.html"), timeout=10, what="back to login")
        self.visible_text("#login-msg", contains="登录已过期")
        self.shot("login-expired")

    def test_expired_cookie_is_refused_by_the_api(self):
        api = h.DeskClient(self.intake)
        self.assertEqual(api.login("wang", "wang-pass-2026")[0], 200)
        self.assertEqual(api.get("queue")[0], 200)
        time.sleep(self.idle_timeout_s + 1.5)
        st, _, text = api.get("queue")
        self.assertEqual(st, 401, text)
        self.assertIn("no_session", text)


if __name__ == "__main__":
    h.main()
