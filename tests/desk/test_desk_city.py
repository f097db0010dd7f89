#!/usr/bin/env python3
# The console in front of a city's intake (issue #18): two kiosk-intake instances on one PostgreSQL, as
# behind a balancer. A console logged in through instance A works through instance B without a new login
# (the sessions are in the database, the browser sends the same cookie to either); B calls the ticket A
# took; A stopped, B goes on. While the database is down the console shows 连接中断 and keeps its session,
# even across a reload, and works again by itself once the database is back.
import deskharness as h


class City(h.DeskTest):
    postgres = True

    def test_a_console_logged_in_on_one_instance_works_on_the_other(self):
        self.kiosk.upload()                # A001, stored through instance A
        self.login_ok()                    # through A
        self.ticket_row("A001")
        b = self.another_instance()
        self.d.get(b.desk_url + "/queue.html")   # the same browser, the other instance: no login page
        self.visible_text("#officer-name", contains="wang")
        self.assertTrue(self.d.current_url.endswith("queue.html"), self.d.current_url)
        self.ticket_row("A001")
        self.by("#call-next").click()      # a state change on B with the CSRF token B read from the database
        self.visible_text("#current-ticket", contains="A001")
        self.intake.stop()                 # instance A gone: B serves on
        self.kiosk.intake = b
        self.kiosk.upload()                # A002 through B
        self.ticket_row("A002", timeout=15)
        self.shot("city-instance-b")

    def test_database_down_keeps_the_officer_logged_in(self):
        self.kiosk.upload()
        self.login_ok()
        self.ticket_row("A001")
        self.pg.halt()
        self.visible_text("#net-band", contains="连接中断", timeout=15)
        self.d.refresh()                   # a reload while the database is down: wait, do not log out
        self.visible_text("#net-band", contains="连接中断", timeout=15)
        self.assertTrue(self.d.current_url.endswith("queue.html"), self.d.current_url)
        self.shot("city-db-down")
        self.pg.resume()
        h.wait_for(lambda: not self.by("#net-band").is_displayed(), timeout=30, what="the band gone")
        self.assertTrue(self.d.current_url.endswith("queue.html"), self.d.current_url)
        self.visible_text("#officer-name", contains="wang")
        self.by("#call-next").click()
        self.visible_text("#current-ticket", contains="A001", timeout=15)


if __name__ == "__main__":
    h.main()
