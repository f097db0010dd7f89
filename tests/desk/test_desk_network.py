#!/usr/bin/env python3
# The console when the intake goes away and comes back: the "连接中断，正在重试" band, a click that could
# not be sent is said (and the button is usable again), and after the intake's restart the officer is still
# logged in (sessions are kept in the intake's database, so any instance, or the same one restarted, knows
# them): the band goes, the queue is back, and the next call goes through with the same CSRF token.
import deskharness as h


class Network(h.DeskTest):

    def test_band_while_the_intake_is_down_then_back(self):
        self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A001")
        self.assertFalse(self.by("#net-band").is_displayed())
        self.intake.stop()
        self.visible_text("#net-band", contains="连接中断", timeout=10)
        self.by("#call-next").click()
        self.visible_text("#toast", contains="操作未完成", timeout=15)
        h.wait_for(lambda: self.by("#call-next").is_enabled(), timeout=10, what="call-next usable again")
        self.shot("queue-offline")
        self.intake.start(same_port=True)
        h.wait_for(lambda: not self.by("#net-band").is_displayed(), timeout=15, what="the band gone after restart")
        self.assertTrue(self.d.current_url.endswith("queue.html"), self.d.current_url)
        self.ticket_row("A001")
        self.by("#call-next").click()   # a state change: the session's CSRF token survived the restart
        self.visible_text("#current-ticket", contains="A001")


if __name__ == "__main__":
    h.main()
