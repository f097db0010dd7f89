#!/usr/bin/env python3
# Security of the desk listener against a real kiosk-intake: the CSRF token, stale and foreign sessions,
# paths outside assets/desk, the headers, the cookie's flags — and a resident's text that looks like
# HTML/script, shown in the real browser, stays text (no alert, no executed JS, the text literally there).
import json

import deskharness as h

XSS_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
XSS_SCRIPT = "<script>window.__pwned=2;alert(2)</script>"


class Api(h.DeskTest):
    assets_symlink_out = True   # a copy of assets/desk with leak.txt → /etc/passwd
    uses_browser = False        # the API as a browser would call it, byte for byte (DeskClient)

    def setUp(self):
        super().setUp()
        self.body = self.kiosk.upload()
        self.rid = self.body["request_id"]
        self.wang = h.DeskClient(self.intake)
        self.assertEqual(self.wang.login("wang", "wang-pass-2026")[0], 200)

    def test_post_without_or_with_a_wrong_csrf_token_is_403(self):
        st, _, text = self.wang.post("calls/next", csrf=False)
        self.assertEqual(st, 403, text)
        self.assertEqual(json.loads(text)["error"], "csrf")
        st, _, text = self.wang.raw("POST", "/desk/api/calls/next", {}, {"X-CSRF-Token": "0" * 64})
        self.assertEqual(st, 403, text)
        st, _, text = self.wang.post("requests/%s/unmask" % self.rid, {"reason": "x"}, csrf=False)
        self.assertEqual(st, 403, text)
        st, _, text = self.wang.post("logout", csrf=False)
        self.assertEqual(st, 403, text)
        # Nothing happened: the ticket still waits, and with the token the call works.
        self.assertEqual(self.wang.queue()["tickets"][0]["call_state"], "waiting")
        st, _, text = self.wang.post("calls/next")
        self.assertEqual(st, 200, text)

    def test_stale_or_made_up_cookie_is_401(self):
        old_cookie, old_csrf = self.wang.cookie, self.wang.csrf
        self.assertEqual(self.wang.post("logout")[0], 204)
        for cookie in (old_cookie, "0" * 64, "not-a-session"):
            st, _, text = self.wang.get("queue", cookie=cookie)
            self.assertEqual(st, 401, text)
            self.assertEqual(json.loads(text)["error"], "no_session")
            # A stale cookie is 401 even with its old token (the session is checked first).
            st, _, text = self.wang.raw("POST", "/desk/api/calls/next", {}, {"X-CSRF-Token": old_csrf}, cookie)
            self.assertEqual(st, 401, text)
        st, _, text = self.wang.get("queue", cookie="")
        self.assertEqual(st, 401, text)

    def test_another_officers_session_cannot_use_this_token(self):
        li = h.DeskClient(self.intake)
        self.assertEqual(li.login("li", "li-pass-2026")[0], 200)
        self.assertNotEqual(li.cookie, self.wang.cookie)
        self.assertNotEqual(li.csrf, self.wang.csrf)
        # li's cookie with wang's token: refused, nothing called.
        st, _, text = li.raw("POST", "/desk/api/calls/next", {}, {"X-CSRF-Token": self.wang.csrf})
        self.assertEqual(st, 403, text)
        self.assertEqual(self.wang.queue()["tickets"][0]["call_state"], "waiting")
        # Each session says who it is.
        self.assertEqual(json.loads(li.get("session")[2])["officer"]["name"], "li")
        self.assertEqual(json.loads(self.wang.get("session")[2])["officer"]["name"], "wang")

    def test_paths_outside_the_assets_are_404(self):
        # The intake serves a copy of assets/desk holding a symlink to /etc/passwd (setUp).
        self.assertEqual(self.wang.raw("GET", "/index.html")[0], 200)
        for path in ("/../CMakeLists.txt", "/./../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2E%2E/%2E%2E/etc/passwd",
                     "/..%2fCMakeLists.txt", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..%5cCMakeLists.txt",
                     "/%252e%252e/CMakeLists.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/....//CMakeLists.txt",
                     "/index.html%00.js", "/leak.txt", "/desk/../CMakeLists.txt", "/desk/%2e%2e/server/main.cpp",
                     "/desk/..%2f..%2fCMakeLists.txt", "/desk/api/../../CMakeLists.txt", "/assets/desk/index.html"):
            st, _, text = self.wang.raw("GET", path)
            self.assertEqual(st, 404, "%s → %d %s" % (path, st, text[:200]))
            for leak in ("root:x:0:0", "cmake_minimum_required", "#include"):
                self.assertNotIn(leak, text, path)

    def test_headers_and_cookie_flags(self):
        st, hd, text = self.wang.raw("GET", "/queue.html")
        self.assertEqual(st, 200, text[:200])
        csp = hd.get("content-security-policy", "")
        self.assertIn("script-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(hd.get("x-content-type-options"), "nosniff")
        self.assertIn("no-store", hd.get("cache-control", ""))
        st, hd, _ = self.wang.get("queue")
        self.assertIn("no-store", hd.get("cache-control", ""))
        st, hd, _ = h.DeskClient(self.intake).login("li", "li-pass-2026")
        cookie = hd.get("set-cookie", "")
        for flag in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/desk"):
            self.assertIn(flag, cookie)
        self.assertRegex(cookie, r"desk_session=[0-9A-Za-z_\-]{43,}")   # 256 bits, hex or base64

    def test_unmask_without_reason_is_422(self):
        st, _, text = self.wang.post("requests/%s/unmask" % self.rid, {"reason": "  "})
        self.assertEqual(st, 422, text)
        self.assertEqual(json.loads(text)["error"], "reason_required")


class Inert(h.DeskTest):

    def test_script_in_a_residents_text_is_inert(self):
        a = self.kiosk.upload(destination=XSS_IMG)
        b = self.kiosk.upload(destination=XSS_SCRIPT)
        self.login_ok()
        self.ticket_row("A002")
        self.no_alert()
        for body, payload in ((a, XSS_IMG), (b, XSS_SCRIPT)):
            self.open("request.html?id=" + body["request_id"])
            self.visible_text("#d-ticket", contains=body["ticket"])
            # Free text is personal, masked at first; the officer unmasks it with a reason.
            self.by("#unmask").click()
            self.by("#ask-reason").send_keys("核对申请内容")
            self.by("#ask .ask-ok").click()
            h.wait_for(lambda: payload in self.by("#d-fields").text, what="the payload shown as text")
            self.no_alert()
            self.assertEqual(self.all("#d-fields img, #d-fields script, img, #d-fields *[onerror]"), [],
                             "the resident's text became elements")
            self.assertIsNone(self.d.execute_script("return window.__pwned === undefined ? null : window.__pwned;"))
            self.assertIn(payload, [e.text for e in self.all("#d-fields dd")])
            self.shot("request-inert-script")
        self.open("queue.html")   # and the queue with both rows
        self.ticket_row("A002")
        self.no_alert()
        self.assertIsNone(self.d.execute_script("return window.__pwned === undefined ? null : window.__pwned;"))


if __name__ == "__main__":
    h.main()
