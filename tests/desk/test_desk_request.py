#!/usr/bin/env python3
# Browser tests of the request detail and the day report against a real kiosk-intake: masked by default,
# 显示完整信息 only with a reason (→ an audit row, the chain still verifies), the form values and materials,
# the status buttons with their message/reason dialogs, the A4 form, the report and its CSV.
import json

import deskharness as h


class Request(h.DeskTest):

    def open_detail(self, ticket="A001"):
        self.login_ok()
        self.ticket_row(ticket).find_element("css selector", ".act-detail").click()
        h.wait_for(lambda: "request.html?id=" in self.d.current_url, what="the detail page")
        self.visible_text("#d-ticket", contains=ticket)

    def test_masked_then_unmask_with_reason_is_audited(self):
        body = self.kiosk.upload(name="张三", destination="加拿大")
        self.open_detail()
        self.visible_text("#d-service", contains="无犯罪记录证明")
        number = self.visible_text("#d-id-number")
        self.assertIn("*", number)
        self.assertNotEqual(number, body["applicant"]["id_number"])
        self.assertNotIn("张三", self.by("#d-name").text)
        self.assertNotIn("13800138000", self.by("#d-phone").text)
        fields = self.by("#d-fields").text
        self.assertIn("用途", fields)                 # the catalog's label
        self.assertIn("就业", fields)                 # a choice, shown by its label, not personal
        self.assertNotIn("加拿大", fields)            # free text is personal: masked until unmasked
        self.assertTrue(self.all("#d-materials input[type=checkbox]"), "materials checklist is empty")
        self.shot("request-masked")

        # No reason, no unmask: the dialog says so and nothing is sent.
        self.by("#unmask").click()
        self.visible_text("#ask .ask-title", contains="原因")
        self.by("#ask .ask-ok").click()
        self.visible_text("#ask .ask-error", contains="请填写原因")
        self.by("#ask-reason").send_keys("核对身份证件")
        self.shot("request-unmask-reason")
        self.by("#ask .ask-ok").click()
        self.visible_text("#d-id-number", contains=body["applicant"]["id_number"])
        self.visible_text("#d-name", contains="张三")
        self.visible_text("#d-unmasked", contains="已记录")
        self.visible_text("#d-fields", contains="加拿大")
        self.shot("request-unmasked")

        rows = self.intake.audit_rows()
        flat = [json.dumps(r, ensure_ascii=False, default=str) for r in rows]
        hits = [r for r in flat if "核对身份证件" in r and "wang" in r]
        self.assertTrue(hits, "no audit row with the officer and the reason: %s" % flat[-5:])
        self.assertFalse([r for r in flat if body["applicant"]["id_number"] in r], "the ID number is in the audit log")
        code, out = self.intake.audit_verify()
        self.assertEqual(code, 0, out)

        self.by("#mask").click()   # 隐藏完整信息: masked again
        h.wait_for(lambda: "*" in self.by("#d-id-number").text, what="masked again")

    def test_status_buttons_and_dialogs(self):
        self.kiosk.upload()
        self.open_detail()
        self.visible_text("#d-status", contains="已接收")
        done = self.by(".set-status[data-status=done]")
        self.assertFalse(done.is_enabled(), "办结 offered straight from received")
        self.assertTrue(self.by(".set-status[data-status=rejected]").is_enabled(), "不予受理 not offered from received")

        self.by(".set-status[data-status=accepted]").click()
        self.visible_text("#d-status", contains="已受理")
        self.by(".set-status[data-status=processing]").click()
        self.visible_text("#d-status", contains="办理中")

        # 需补充材料 needs the message the resident will see.
        self.by(".set-status[data-status=needs_more]").click()
        self.visible_text("#ask .ask-title", contains="需补充材料")
        self.by("#ask .ask-ok").click()
        self.visible_text("#ask .ask-error", contains="说明")
        self.by("#ask-zh").send_keys("请补交户口簿复印件")
        self.by("#ask-en").send_keys("Please bring a copy of your household register")
        self.shot("request-needs-more")
        self.by("#ask .ask-ok").click()
        self.visible_text("#d-status", contains="需补充材料")
        self.visible_text("#d-message", contains="请补交户口簿复印件")

        # Back to processing, then 不予受理 with a reason.
        self.by(".set-status[data-status=processing]").click()
        self.visible_text("#d-status", contains="办理中")
        self.by(".set-status[data-status=rejected]").click()
        self.visible_text("#ask .ask-title", contains="不予受理")
        self.by("#ask-reason").send_keys("不符合办理条件")
        self.by("#ask .ask-ok").click()
        self.visible_text("#d-status", contains="不予受理")
        for b in self.all(".set-status"):
            self.assertFalse(b.is_enabled(), "a button is still offered after rejected: %s" % b.text)
        self.visible_text("#d-history", contains="wang")
        self.shot("request-rejected")
        flat = json.dumps(self.intake.audit_rows(), ensure_ascii=False, default=str)
        self.assertIn("不符合办理条件", flat)
        code, out = self.intake.audit_verify()
        self.assertEqual(code, 0, out)

    def test_print_form_is_a_pdf(self):
        self.kiosk.upload()
        self.open_detail()
        href = self.by("#print").get_attribute("href")
        self.assertTrue(href.endswith("/form.pdf"), href)
        api = h.DeskClient(self.intake)
        self.assertEqual(api.login("wang", "wang-pass-2026")[0], 200)
        path = href.split(str(self.intake.desk_port), 1)[1]
        st, hd, text = api.raw("GET", path)
        self.assertEqual(st, 200, text[:200])
        self.assertIn("pdf", hd.get("content-type", ""))
        self.assertTrue(text.startswith("%PDF"), text[:20])

    def test_report_and_csv(self):
        self.kiosk.upload()
        self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A002")
        self.by("#call-next").click()
        self.visible_text("#current-ticket", contains="A001")
        self.by("#nav-report").click()
        h.wait_for(lambda: self.d.current_url.endswith("report.html"), what="report page")
        self.visible_text("#r-served")
        self.visible_text("#r-avg")
        self.visible_text("#by-service", contains="无犯罪记录证明")
        self.shot("report")
        href = self.by("#csv").get_attribute("href")
        self.assertIn("/desk/api/report.csv?day=", href)
        api = h.DeskClient(self.intake)
        self.assertEqual(api.login("wang", "wang-pass-2026")[0], 200)
        st, hd, text = api.raw("GET", href.split(str(self.intake.desk_port), 1)[1])
        self.assertEqual(st, 200, text[:200])
        self.assertIn("text/csv", hd.get("content-type", ""))
        for pii in ("张三", "11010519491231002X", "13800138000"):
            self.assertNotIn(pii, text)

    def test_unknown_request_says_so(self):
        self.login_ok()
        self.open("request.html?id=00000000-0000-4000-8000-000000000000")
        self.visible_text("#not-found", contains="找不到")


if __name__ == "__main__":
    h.main()
