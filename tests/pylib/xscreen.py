"""The real-input driver: reads the kiosk's KIOSK_PROBE file (ui/probe.hpp: its step, labelled tap targets and
per-field value lengths, never values) and taps with real X input (xdotool → XTest) where the probe says a
button is, as a person's finger would. One copy for every script that drives the real window: the Xvfb
input tests (tests/ui/xinput) and the card → display benchmark (bench/bench_card_e2e.py).

A person aims at what is on the screen now; so does tap(): it waits until the kiosk has drawn what the last
input did (quiet()) before it reads where the button is."""
import json
import os
import subprocess
import time


class Fail(Exception):
    """A bounded wait ran out, or a target is not on the screen: the message says what was seen."""


class Screen:
    DEBOUNCE_GAP_S = 0.15   # longer than the kiosk's 90 ms debounce: what a person's second tap takes at least

    def __init__(self, probe_path, display):
        self.probe_path = probe_path
        self.env = dict(os.environ, DISPLAY=display)

    def xdo(self, *args):
        subprocess.run(["xdotool", *map(str, args)], env=self.env, check=True, timeout=20)

    def probe(self):
        """The probe's latest state, or None while it is missing or half-written."""
        try:
            with open(self.probe_path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def step(self):
        p = self.probe()
        return p and p.get("step")

    def wait_for(self, what, pred, timeout=15.0):
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            last = self.probe()
            if last is not None and pred(last):
                return last
            time.sleep(0.05)
        raise Fail(f"timed out after {timeout:.1f} s waiting for {what}; last probe: step={last and last.get('step')} "
                   f"fields={last and last.get('fields')} "
                   f"targets={[t['label'] for t in (last or {}).get('targets', [])]}")

    def wait_step(self, step, timeout=15.0):
        return self.wait_for(f"step {step}", lambda p: p["step"] == step, timeout)

    @staticmethod
    def find(label, p):
        """The target labelled `label`: exactly, else the first whose label contains it (as --script's tap_text)."""
        ts = p["targets"]
        return next((t for t in ts if t["label"] == label), None) or next((t for t in ts if label in t["label"]), None)

    def has(self, label):
        p = self.probe()
        return p is not None and self.find(label, p) is not None

    def quiet(self, still=0.1, timeout=5.0):
        """Waits until the probe has not been rewritten for `still` seconds: the kiosk has drawn what the last
        input did (it rewrites the probe whenever the screen changes). On a loaded machine a target read from
        an earlier frame (a candidate bar before the last letter was laid out) may have moved by the time the
        click lands."""
        end = time.monotonic() + timeout
        last = None
        since = time.monotonic()
        while time.monotonic() < end:
            try:
                m = os.stat(self.probe_path).st_mtime_ns
            except OSError:
                m = None
            if m != last:
                last, since = m, time.monotonic()
            elif time.monotonic() - since >= still:
                return
            time.sleep(0.03)

    def centre(self, label, p=None, timeout=15.0):
        """Where to tap `label`: read from `p`, or from the screen once it is on it and the kiosk is quiet."""
        if p is None:
            self.wait_for(f"target {label!r}", lambda q: self.find(label, q) is not None, timeout)
            self.quiet()
            p = self.wait_for(f"target {label!r}", lambda q: self.find(label, q) is not None, timeout)
        t = self.find(label, p)
        if t is None:
            raise Fail(f"no target {label!r}")
        return int((t["x0"] + t["x1"]) / 2), int((t["y0"] + t["y1"]) / 2)

    def settle(self):
        time.sleep(self.DEBOUNCE_GAP_S)

    def tap(self, label, timeout=15.0):
        x, y = self.centre(label, timeout=timeout)
        self.xdo("mousemove", x, y)
        self.xdo("click", 1)
        self.settle()

    def tap_again(self):
        """A repeated tap at the pointer's position: press and release with no motion, as a touch panel
        reports a second tap on the same key."""
        self.xdo("click", 1)
        self.settle()
