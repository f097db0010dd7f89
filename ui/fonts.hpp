#pragma once
// [SECTION] Fonts — Noto Sans CJK SC through FreeType (ui/font_builder), baking only the glyphs the kiosk shows.
// Why only those: a full CJK atlas at four sizes is hundreds of MiB of texture; the catalog and the string
// tables use ~2 000 distinct characters. Characters met later (pinyin candidates, a scanned name) are
// collected with need() and baked between frames by rebuild_if_needed(): ImGui 1.86 cannot add glyphs to a
// built atlas, so the atlas is rebuilt (tens of milliseconds, only when something new appears).
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ui/icon_font.hpp"

struct ImFont;
struct ImFontAtlas;

namespace kiosk::ui {

struct FontFiles {
    std::filesystem::path regular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    std::filesystem::path bold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
    int face_index = 2;   // in the .ttc collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK — SC has the mainland glyph forms
    // The pictograms' glyphs (ui/icon_font.hpp). Optional: without it pictograms are drawn shapes.
    std::filesystem::path icons = kIconFontPath;
};

// Pixel sizes of one build. body is the em every layout size is a multiple of.
struct FontSizes {
    float body = 32, small = 24, title = 44, huge = 120;
    // The type scale (docs/UI.md): at a short display side of 1080 px (1920×1080 landscape, 1080×1920
    // portrait) body and values 32 px, labels, hints and the status mark 24 px, titles 44 px; scaled with
    // the short side, so 1280×800 has body 24 / small 18 / title 33, never below body 18 px. Elderly mode is
    // 1.5× every size (body 36 px at 1280×800, 48 px at 1080). tests/ui/test_legibility measures what is
    // drawn against these figures.
    static FontSizes for_window(int framebuffer_width, int framebuffer_height, bool elderly);
};

class Fonts {
public:
    Fonts() = default;
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
    ~Fonts();

    // Maps the font files (read-only mmap: FreeType touches only the glyphs it bakes, so resident memory
    // stays small). Returns an empty string on success, else one clear sentence for stderr.
    [[nodiscard]] std::string open(const FontFiles& files = {});
    // Adds every code point of `utf8` to the wanted set. Cheap; call it freely.
    void need(std::string_view utf8);
    void need_codepoint(unsigned cp);
    bool has_glyph(unsigned cp) const { return baked_.count(cp) != 0; }
    // Whether every character of `utf8` can be drawn at all: in the BMP (Debian's ImGui has 16-bit
    // ImWchar) and in the font (Noto Sans CJK SC lacks a few, e.g. U+9FFD). The pinyin keyboard offers
    // only such candidates. The font's coverage is read on the first call (a few ms, once).
    bool can_draw(std::string_view utf8);
    // The code points of `utf8` plus the ones always baked (ASCII, punctuation): a prebuild() set.
    std::set<unsigned> with_basics(const std::vector<const std::string*>& utf8) const;
    bool dirty() const { return wanted_.size() != baked_.size(); }
    // Start-up, in two steps, so the first frame does not wait for ~1 000 glyphs at five sizes:
    // prebuild() bakes only `first_screen` (plus ASCII) — the code points of the screen the kiosk opens
    // on — on a worker thread (FreeType and the atlas need no ImGui context), overlapping with the window's
    // creation. take_prebuilt() waits for it; pass the result to ImGui::CreateContext(). Everything else
    // need()ed stays wanted, so the frame after the first one rebuilds the atlas in full (the attract
    // screen looks the same meanwhile). Call take_prebuilt() before creating the context: ImGui's
    // allocator counts allocations in the current context, which the worker must not touch.
    void prebuild(const FontSizes& sizes, const std::set<unsigned>& first_screen);
    ImFontAtlas* take_prebuilt();
    // (Re)builds ImGui's atlas for `sizes` when glyphs are missing or the sizes changed; the caller must
    // re-upload the font texture afterwards (returns true when it rebuilt, or when the prebuilt atlas is
    // taken into use). `partial_ok`: the screen about to be drawn is the one prebuild() was given, so the
    // prebuilt atlas may be used as it is for this frame. Call only between frames.
    bool rebuild_if_needed(const FontSizes& sizes, bool partial_ok = false);
    const FontSizes& sizes() const { return sizes_; }
    std::size_t glyph_count() const { return baked_.size(); }

    ImFont* body = nullptr;
    ImFont* bold = nullptr;    // body size, bold: button labels
    ImFont* small = nullptr;
    ImFont* title = nullptr;   // bold
    ImFont* huge = nullptr;    // bold, ASCII only: ticket numbers
    // The icon font at each of kIconEms (null when its file is missing): only the icon_glyph_ranges() code
    // points. icon_font_for() picks the smallest at least about as large as a pictogram.
    ImFont* icons[kIconSizes] = {};
    ImFont* icon_font_for(float px) const;
    bool has_icon_font() const { return icons_.data != nullptr; }

private:
    struct Mapping { void* data = nullptr; std::size_t size = 0; };
    // Fills the atlas with `glyphs` and sets the ImFont pointers, baked_ and sizes_.
    void build(ImFontAtlas* atlas, const FontSizes& sizes, const std::set<unsigned>& glyphs);
    Mapping regular_, bold_, icons_;
    std::set<unsigned> wanted_, baked_;
    std::vector<bool> coverage_;           // BMP code points the regular font has; empty until can_draw()
    std::vector<unsigned short> ranges_;   // ImWchar pairs; ImGui keeps the pointer until the next build
    FontSizes sizes_{};
    bool built_ = false;
    bool fresh_ = false;                   // built by prebuild(), texture not uploaded yet
    ImFontAtlas* own_atlas_ = nullptr;     // the prebuilt atlas: ours, not the context's (see ~Fonts)
    std::thread worker_;
};

} // namespace kiosk::ui
