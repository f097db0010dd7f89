// cairo 1.16 (Debian 12) leaks a few buffers inside cairo_surface_finish() of a PDF surface with CJK font
// subsets (seen under LeakSanitizer; the stack is all libcairo after our correct destroy/finish calls).
// Same policy as tests/lsan.supp — system libraries we do not own — but kept with the test binary that
// needs it, so the shared file stays as it is. Our own code is never suppressed.
extern "C" const char* __lsan_default_suppressions() { return "leak:libcairo.so\n"; }
