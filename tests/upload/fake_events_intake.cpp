// fake_events_intake: FakeEventsServer as a program, for the Xvfb flow test of the banner and the progress
// screen (tests/ui/flows/calls_banner.sh). Bounded: exits after RUN_S seconds.
// The dev PKI is the upload tests' (generated on first use into the build tree: pki()).
//   fake_events_intake PORT_FILE RUN_S [call:TICKET:WINDOW:DELAY_MS …] [progress:JSON]
#include "fake_events_server.hpp"

#include <csignal>
#include <fstream>

int main(int argc, char** argv) {
    if (argc < 3) return std::fputs("usage: fake_events_intake PORT_FILE RUN_S [call:T:W:MS …] [progress:JSON]\n", stderr), 2;
    uptest::FakeEventsServer srv;
    if (srv.port() <= 0) return std::fputs("fake_events_intake: cannot listen\n", stderr), 1;
    { std::ofstream(argv[1]) << srv.port() << "\n"; }
    const int run_s = std::atoi(argv[2]);
    struct Call { std::string ticket; int window; int at_ms; };
    std::vector<Call> calls;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("call:", 0) == 0) {
            const auto p1 = a.find(':', 5), p2 = a.find(':', p1 + 1);
            calls.push_back({a.substr(5, p1 - 5), std::stoi(a.substr(p1 + 1, p2 - p1 - 1)), std::stoi(a.substr(p2 + 1))});
        } else if (a.rfind("progress:", 0) == 0) {
            srv.set_progress_any(a.substr(9));
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    for (const Call& c : calls) {
        std::this_thread::sleep_until(t0 + std::chrono::milliseconds(c.at_ms));
        srv.add_call(c.ticket, c.window);
        std::fprintf(stderr, "fake_events_intake: called %s to window %d\n", c.ticket.c_str(), c.window);
    }
    std::this_thread::sleep_until(t0 + std::chrono::seconds(run_s));
    return 0;
}
