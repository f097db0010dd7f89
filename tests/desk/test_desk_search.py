#!/usr/bin/env python3
# Browser tests of the search box on the queue page (查询编号 / 票号) against a real kiosk-intake: a short
# reference typed as heard (lower case, no dash) finds that one request and opens it; a bare ticket finds
# today's; text that is neither gets the hint in plain Chinese; an unknown reference is 未找到; a search while
# the intake is down is said next to the box; shown results follow the queue (a call shows in the row) and
# come back after a visit to the request's page, until 关闭 or logout.
import os
import sys
import time

import deskharness as h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import short_ref  # noqa: E402  (tests/pylib)
from selenium.webdriver.common.keys import Keys

INVALID = "请输入查询编号（如 A023-7K3M）或票号（如 A023）"


class Search(h.DeskTest):

    def search(self, text):
        box = self.by("#search-q")
        box.clear()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def result_rows(self):
        return self.all("#search-table tbody tr")

    def result_tickets(self):
        # Read in one go in the page: a new answer re-renders the table, so no element is held across it.
        return self.d.execute_script(
            "return Array.from(document.querySelectorAll('#search-table tbody td.c-ticket')).map(e => e.textContent)")

    def wait_tickets(self, want):
        h.wait_for(lambda: self.result_tickets() == want and self.by("#search-results").is_displayed(),
                   what="search results %s" % want)

    def wait_rows(self, n):
        return h.wait_for(lambda: len(self.result_rows()) == n and self.by("#search-results").is_displayed()
                          and self.result_rows(), what="%d search result row(s)" % n)

    def test_short_ref_lowercase_without_dash_opens_the_request(self):
        bodies = [self.kiosk.upload(name=n) for n in ("张三", "李四", "王五")]
        other = self.kiosk.upload(ticket="B001", name="赵六")   # category B: not in wang's queue, still found
        self.login_ok()
        self.ticket_row("A003")
        want = bodies[1]
        ref = short_ref.reference(want["ticket"], want["request_id"])
        typed = ref.lower().replace("-", "")
        self.search(typed)
        rows = self.wait_rows(1)
        row = rows[0]
        self.assertEqual(row.find_element("css selector", "td.c-ticket").text, "A002")
        self.assertEqual(row.find_element("css selector", "td.c-ref").text, ref)   # the server's ref = ours
        self.assertEqual(row.find_element("css selector", "td.c-name").text, "李*")   # masked as the queue
        self.assertIn("无犯罪记录证明", row.text)
        self.assertIn("已接收", row.text)
        self.assertIn("今天", row.text)
        self.assertNotIn("李四", self.by("#search-results").text)
        self.visible_text("#search-msg", contains="找到 1 条")
        # One match: the focus is on its 打开 link, so a second Enter would open it.
        self.assertEqual(self.d.switch_to.active_element.get_attribute("class"), "btn btn-small search-open")
        self.shot("search")

        # Every category: B001 is not in this window's queue but the resident is standing here.
        self.search(short_ref.reference("B001", other["request_id"]))
        self.wait_tickets(["B001"])
        self.assertNotIn("B001", self.by("#tickets").text)

        # Back to A002; a click on the row opens that request's page.
        self.search(typed)
        self.wait_tickets(["A002"])
        self.result_rows()[0].find_element("css selector", "td.c-service").click()
        h.wait_for(lambda: "request.html?id=" + want["request_id"] in self.d.current_url, what="A002's detail page")
        self.visible_text("#d-ticket", contains="A002")

    def test_bare_ticket_and_the_keyboard(self):
        first = self.kiosk.upload()          # A001
        self.kiosk.upload()                  # A002
        self.login_ok()
        self.ticket_row("A002")
        # "/" puts the cursor in the box; letters typed there are text, not the N / R shortcuts.
        self.by("body").send_keys("/")
        self.assertEqual(self.d.switch_to.active_element.get_attribute("id"), "search-q")
        self.by("#search-q").send_keys("n r")
        time.sleep(1.0)   # a call would have been sent at once; give it the time to show (absence check)
        api = h.DeskClient(self.intake)
        self.assertEqual(api.login("li", "li-pass-2026")[0], 200)
        self.assertTrue(all(t["call_state"] == "waiting" for t in api.queue()["tickets"]), "a key in the box called someone")
        self.search(" a001 ")
        rows = self.wait_rows(1)
        self.assertEqual(rows[0].find_element("css selector", "td.c-ticket").text, "A001")
        self.assertEqual(rows[0].find_element("css selector", "td.c-ref").text, short_ref.reference("A001", first["request_id"]))
        # The 打开 link by the keyboard: Enter on the focused link.
        self.d.switch_to.active_element.send_keys(Keys.ENTER)
        h.wait_for(lambda: "request.html?id=" + first["request_id"] in self.d.current_url, what="A001's detail page")
        self.visible_text("#d-ticket", contains="A001")

    def test_text_that_is_neither_gets_the_hint(self):
        self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A001")
        self.search("张三")   # a name is what an officer might try: not searchable, said so
        self.assertEqual(self.visible_text("#search-msg", contains="请输入"), INVALID)
        self.assertIn("bad", self.by("#search-msg").get_attribute("class"))
        self.assertFalse(self.by("#search-results").is_displayed())
        self.shot("search-invalid")
        # A good search in between (its line and rows), then nothing typed: the hint again, without asking
        # the server, and the rows gone.
        self.search("a001")
        self.wait_tickets(["A001"])
        self.visible_text("#search-msg", contains="找到 1 条")
        self.by("#search-q").clear()
        self.by("#search-go").click()
        self.assertEqual(self.visible_text("#search-msg", contains="请输入"), INVALID)
        self.assertFalse(self.by("#search-results").is_displayed())
        # The same in English.
        self.by("#lang").click()
        self.visible_text("#search-msg", contains="Type a reference")
        self.visible_text("#search-go", contains="Search")

    def test_unknown_reference_is_not_found(self):
        body = self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A001")
        # Found first, so the later "not found" also takes the old result off the screen.
        self.search("a001")
        self.wait_rows(1)
        real = short_ref.reference("A001", body["request_id"])
        wrong = "A001-" + short_ref.other_code(real[-4:])   # every char differs
        self.search(wrong)
        self.visible_text("#search-msg", contains="未找到")
        self.assertIn(wrong, self.by("#search-msg").text)
        h.wait_for(lambda: not self.by("#search-results").is_displayed(), what="old results gone")
        self.search("A999")   # a ticket nobody has today
        self.visible_text("#search-msg", contains="未找到「A999」")
        # Esc clears the box and the line.
        self.by("#search-q").send_keys(Keys.ESCAPE)
        h.wait_for(lambda: self.by("#search-q").get_attribute("value") == "" and not self.by("#search-msg").is_displayed(),
                   what="box and message cleared by Esc")

    def test_results_follow_the_queue_and_come_back_after_the_request_page(self):
        self.kiosk.upload()                 # A001
        self.login_ok()
        self.ticket_row("A001")
        self.search("a001")
        row = self.wait_rows(1)[0]
        self.assertIn("等候中", row.find_element("css selector", "td.c-call").text)
        # Called from this window: the shown row follows the queue's answer, in place (the same element).
        self.by("#call-next").click()
        self.visible_text("#current-ticket", contains="A001")
        h.wait_for(lambda: "已叫号" in row.find_element("css selector", "td.c-call").text, timeout=10,
                   what="the result row showing 已叫号")
        self.assertIn("2 号窗口", row.find_element("css selector", "td.c-call").text)
        # To the request's page and back: the query and its results are there again, the state current.
        row.find_element("css selector", "td.c-service").click()
        h.wait_for(lambda: "request.html?id=" in self.d.current_url, what="the request page")
        self.visible_text("#d-ticket", contains="A001")
        self.by("a[href='queue.html']").click()
        h.wait_for(lambda: self.d.current_url.endswith("queue.html"), what="back on the queue page")
        self.wait_tickets(["A001"])
        self.assertEqual(self.by("#search-q").get_attribute("value"), "a001")
        self.assertIn("已叫号", self.result_rows()[0].text)
        # 关闭 forgets it: a reload shows no results and an empty box.
        self.by("#search-close").click()
        self.d.refresh()
        self.visible_text("#officer-name", contains="wang")
        self.ticket_row("A001")
        self.assertEqual(self.by("#search-q").get_attribute("value"), "")
        self.assertFalse(self.by("#search-results").is_displayed())
        # And logging out forgets it for the next officer at this screen.
        self.search("a001")
        self.wait_rows(1)
        self.by("#logout").click()
        h.wait_for(lambda: self.d.current_url.endswith("index.html"), what="the login page")
        self.login_ok("li", "li-pass-2026")
        self.ticket_row("A001")
        self.assertEqual(self.by("#search-q").get_attribute("value"), "")
        self.assertFalse(self.by("#search-results").is_displayed())

    def test_search_while_the_intake_is_down_is_said(self):
        self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A001")
        self.intake.stop()
        self.visible_text("#net-band", contains="连接中断", timeout=10)
        self.search("A001")
        self.visible_text("#search-msg", contains="查询未完成", timeout=15)
        h.wait_for(lambda: self.by("#search-go").is_enabled(), timeout=10, what="查询 usable again")
        self.shot("search-offline")


if __name__ == "__main__":
    h.main()
