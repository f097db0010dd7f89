// Fonts: see fonts.hpp for why only the needed glyphs are baked.
#include "ui/fonts.hpp"

#include "ui/font_builder.hpp"
#include "app/utf8.hpp"

#include <imgui.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::ui {

namespace {

// ImGui 1.86's AddFont() copies font data it does not own: five sizes of a 20 MiB collection would be
// 100 MiB of heap. So the atlas is told it owns our read-only mmap, and ImGui's allocator is wrapped so
// that freeing a pointer inside a mapping is a no-op (the mapping is ours to unmap).
struct Range { const char* begin = nullptr; const char* end = nullptr; };
Range g_mapped[3];   // regular, bold, icons
void* im_alloc(size_t n, void*) { return std::malloc(n); }
void im_free(void* p, void*) {
    for (const Range& r : g_mapped)
        if (p >= static_cast<const void*>(r.begin) && p < static_cast<const void*>(r.end)) return;
    std::free(p);
}

const ImWchar kAsciiRanges[] = {0x0020, 0x007E, 0};
const ImWchar kDigitRanges[] = {0x0030, 0x0039, 0};
// Punctuation and symbols any screen may show (middle dot of names, arrows, ticks, CJK punctuation).
constexpr unsigned kBasics[] = {0x00B7u, 0x00D7u, 0x2026u, 0x2014u, 0x2190u, 0x2192u, 0x2713u, 0x25CFu, 0x25CBu,
                                0x3001u, 0x3002u, 0xFF0Cu, 0xFF1Au, 0xFF1Fu, 0xFF01u, 0xFFE5u, 0x300Cu, 0x300Du};
static_assert(sizeof(ImWchar) == sizeof(unsigned short), "Fonts::ranges_ assumes ImGui's 16-bit ImWchar (Debian's build)");

// FreeType reads glyph outlines straight from the mapped font files, and every page it touches — with
// the kernel's fault-around, 64 KiB per fault — stays resident until dropped: a full bake of ~1 000
// characters from two 20 MiB collections would add ~20 MiB to the peak. So every 256 FreeType
// allocations (a few per glyph) the mappings' pages are dropped; the next glyph faults in what it needs
// from the page cache again. Costs ~10 ms on a full bake; the peak stays ~18 MiB lower.
std::atomic<int> g_ft_allocs{0};
void* ft_alloc(size_t n, void*) {
    if (g_ft_allocs.fetch_add(1, std::memory_order_relaxed) % 256 == 255)
        for (const Range& r : g_mapped)
            if (r.begin) ::madvise(const_cast<char*>(r.begin), static_cast<std::size_t>(r.end - r.begin), MADV_DONTNEED);
    return im_alloc(n, nullptr);
}
void ft_free(void* p, void*) { im_free(p, nullptr); }

std::string map_file(const std::filesystem::path& p, void*& data, std::size_t& size) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "font file " + p.string() + " is missing: install the Debian package fonts-noto-cjk (scripts/install-deps)";
    struct stat st{};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) { ::close(fd); return "font file " + p.string() + " is empty or unreadable"; }
    void* m = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (m == MAP_FAILED) return "font file " + p.string() + " cannot be mapped";
    data = m;
    size = static_cast<std::size_t>(st.st_size);
    return {};
}

// Whether FreeType reads `data` as a font with a Unicode map: the atlas build asserts on a face it cannot
// open, so a damaged optional font is found out here, before it reaches the atlas.
bool opens_as_font(const void* data, std::size_t size) {
    if (!data) return false;
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) != 0) return false;
    FT_Face face = nullptr;
    // And that it has at least one of the pictograms (an atlas font without glyphs trips ImGui's asserts).
    bool ok = FT_New_Memory_Face(lib, static_cast<const FT_Byte*>(data), static_cast<FT_Long>(size), 0, &face) == 0 &&
              FT_Select_Charmap(face, FT_ENCODING_UNICODE) == 0;
    bool any = false;
    for (const unsigned short* r = icon_glyph_ranges().data(); ok && r[0]; r += 2)
        for (unsigned cp = r[0]; cp <= r[1] && !any; ++cp) any = FT_Get_Char_Index(face, cp) != 0;
    ok = ok && any;
    if (face) FT_Done_Face(face);
    FT_Done_FreeType(lib);
    return ok;
}

} // namespace

FontSizes FontSizes::for_window(int fb_width, int fb_height, bool elderly) {
    // The short side: a portrait kiosk (1080×1920) reads at the same size as a 1920×1080 one, and its
    // 1080 px width still holds a ten-key keyboard row at elderly size.
    float scale = std::max(std::min(fb_width, fb_height), 600) / 1080.0f;
    FontSizes s;
    s.body = std::max(18.0f, 32.0f * scale);
    s.small = std::max(16.0f, 24.0f * scale);
    s.title = std::max(30.0f, 44.0f * scale);
    s.huge = std::max(72.0f, 120.0f * scale);
    if (elderly) { s.body *= 1.5f; s.small *= 1.5f; s.title *= 1.5f; s.huge *= 1.3f; }
    // Whole pixels: FreeType hinting looks crisper and the atlas does not bake fractional duplicates.
    s.body = std::round(s.body); s.small = std::round(s.small); s.title = std::round(s.title); s.huge = std::round(s.huge);
    return s;
}

Fonts::~Fonts() {
    if (worker_.joinable()) worker_.join();
    // The prebuilt atlas was given to ImGui::CreateContext(atlas), which does not take ownership; the
    // context is destroyed before the Fonts (runner), so nothing points at it any more.
    if (own_atlas_) IM_DELETE(own_atlas_);
    g_mapped[0] = g_mapped[1] = g_mapped[2] = {};   // the address range may be reused by malloc once unmapped
    if (regular_.data) ::munmap(regular_.data, regular_.size);
    if (bold_.data) ::munmap(bold_.data, bold_.size);
    if (icons_.data) ::munmap(icons_.data, icons_.size);
}

std::string Fonts::open(const FontFiles& files) {
    if (auto e = map_file(files.regular, regular_.data, regular_.size); !e.empty()) return e;
    if (auto e = map_file(files.bold, bold_.data, bold_.size); !e.empty()) {
        // Bold is a nicety: fall back to the regular face rather than refusing to start.
        bold_ = {};
    }
    // The icon font is a nicety too: without it the pictograms are drawn from shapes (said once, here).
    if (!files.icons.empty()) {
        if (auto e = map_file(files.icons, icons_.data, icons_.size); !e.empty() || !opens_as_font(icons_.data, icons_.size)) {
            if (icons_.data) ::munmap(icons_.data, icons_.size);
            icons_ = {};
            std::fprintf(stderr, "kiosk: icon font %s is missing or unreadable (Debian package fonts-fork-awesome): pictograms are drawn shapes\n",
                         files.icons.c_str());
        }
    }
    g_mapped[0] = {static_cast<const char*>(regular_.data), static_cast<const char*>(regular_.data) + regular_.size};
    if (bold_.data) g_mapped[1] = {static_cast<const char*>(bold_.data), static_cast<const char*>(bold_.data) + bold_.size};
    if (icons_.data) g_mapped[2] = {static_cast<const char*>(icons_.data), static_cast<const char*>(icons_.data) + icons_.size};
    ImGui::SetAllocatorFunctions(im_alloc, im_free);
    set_font_builder_allocator(ft_alloc, ft_free);
    // Everything Latin is always there: English mode, digits, punctuation a keypad shows.
    for (unsigned c = 0x20; c < 0x7f; ++c) wanted_.insert(c);
    for (unsigned c : kBasics) wanted_.insert(c);
    return {};
}

void Fonts::need(std::string_view utf8) {
    utf8::for_each(utf8, utf8::OnBad::skip, [&](unsigned cp) { need_codepoint(cp); });
}

void Fonts::need_codepoint(unsigned cp) {
    // ImWchar is 16-bit in Debian's build (no IMGUI_USE_WCHAR32): code points beyond the BMP cannot be
    // baked; they render as the fallback '?' and are not asked for again.
    if (cp >= 0x20 && cp <= 0xFFFF && cp != 0xFFFD) wanted_.insert(cp);
}

std::set<unsigned> Fonts::with_basics(const std::vector<const std::string*>& utf8) const {
    std::set<unsigned> out;
    for (unsigned cp : wanted_)
        if (cp < 0x7f) out.insert(cp);
    for (const std::string* s : utf8)
        utf8::for_each(*s, utf8::OnBad::skip, [&](unsigned cp) { if (wanted_.count(cp)) out.insert(cp); });
    for (unsigned cp : kBasics) out.insert(cp);
    return out;
}

void Fonts::build(ImFontAtlas* atlas, const FontSizes& sizes, const std::set<unsigned>& glyphs) {
    IM_ASSERT(regular_.data && "Fonts::open() must succeed before the atlas is built");
    atlas->Clear();
    atlas->FontBuilderIO = shared_face_builder();   // ImGui's FreeType builder, without its memory peak
    // One glyph texture without mip-maps or padding beyond what bilinear sampling needs.
    atlas->TexGlyphPadding = 1;
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    ImFontGlyphRangesBuilder b;
    for (unsigned cp : glyphs) b.AddChar(static_cast<ImWchar>(cp));
    ImVector<ImWchar> r;
    b.BuildRanges(&r);
    ranges_.assign(r.begin(), r.end());

    auto add = [&](const Mapping& m, float px, const ImWchar* ranges) {
        const Mapping& src = m.data ? m : regular_;
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = true;    // so AddFont does not copy it; im_free() never frees it
        cfg.FontNo = 2;
        cfg.OversampleH = cfg.OversampleV = 1;   // FreeType hints; oversampling only grows the atlas
        cfg.PixelSnapH = true;
        return atlas->AddFontFromMemoryTTF(src.data, static_cast<int>(src.size), px, &cfg, ranges);
    };
    body = add(regular_, sizes.body, ranges_.data());
    bold = add(bold_, sizes.body, ranges_.data());
    small = add(regular_, sizes.small, ranges_.data());
    title = add(bold_, sizes.title, ranges_.data());
    // The huge size (ticket numbers on the done screen) has ~20 times the pixels of a body glyph: a
    // partial bake gives it the digits only.
    const bool partial = glyphs.size() < wanted_.size();
    huge = add(bold_, sizes.huge, partial ? kDigitRanges : kAsciiRanges);
    // The pictograms: ~25 glyphs at three sizes, fonts of their own (not merged into a text font: they are
    // drawn at 1.0, 1.4 and 2.2 em, not at a text size, and a merged glyph scaled up would be blurred).
    for (ImFont*& f : icons) f = nullptr;
    if (icons_.data) {
        for (int i = 0; i < kIconSizes; ++i) {
            ImFontConfig cfg;
            cfg.FontDataOwnedByAtlas = true;   // our mapping, as above
            cfg.FontNo = 0;
            cfg.OversampleH = cfg.OversampleV = 1;
            cfg.PixelSnapH = true;
            icons[i] = atlas->AddFontFromMemoryTTF(icons_.data, static_cast<int>(icons_.size), std::round(sizes.body * kIconEms[i]),
                                                   &cfg, icon_glyph_ranges().data());
        }
    }
    bool ok = atlas->Build();
    IM_ASSERT(ok && "font atlas build failed: is the Noto CJK file complete?");
    (void)ok;
    // FreeType has what it needs; the font files' pages can leave resident memory (re-read from the page
    // cache on the next rebuild), and so can FreeType's per-face tables, freed by now but kept by malloc.
    ::madvise(regular_.data, regular_.size, MADV_DONTNEED);
    if (bold_.data) ::madvise(bold_.data, bold_.size, MADV_DONTNEED);
    if (icons_.data) ::madvise(icons_.data, icons_.size, MADV_DONTNEED);
    ::malloc_trim(0);
    baked_ = glyphs;
    sizes_ = sizes;
    built_ = true;
}

void Fonts::prebuild(const FontSizes& sizes, const std::set<unsigned>& first_screen) {
    IM_ASSERT(!worker_.joinable() && !own_atlas_ && "Fonts::prebuild() is for start-up, once");
    own_atlas_ = IM_NEW(ImFontAtlas)();
    // The worker owns the Fonts members it writes until take_prebuilt() joins it; need() must not be
    // called meanwhile (the runner does not: nothing draws before the context exists).
    // Normal priority on purpose: the first frame waits for this worker too, and at a lower priority a
    // busy machine starved it (230 ms instead of 30 in one measured start).
    worker_ = std::thread([this, sizes, first_screen] { build(own_atlas_, sizes, first_screen); });
}

ImFontAtlas* Fonts::take_prebuilt() {
    if (worker_.joinable()) worker_.join();
    fresh_ = own_atlas_ != nullptr;
    return own_atlas_;
}

bool Fonts::rebuild_if_needed(const FontSizes& sizes, bool partial_ok) {
    bool same_sizes = built_ && sizes.body == sizes_.body && sizes.title == sizes_.title && sizes.huge == sizes_.huge;
    if (same_sizes && fresh_ && partial_ok) {
        // Prebuilt to the right sizes: only the texture upload is left. The glyphs still missing (dirty())
        // are baked at the next call, after this frame is on screen.
        fresh_ = false;
        ImGui::GetIO().FontDefault = body;
        return true;
    }
    if (same_sizes && !dirty()) return false;
    fresh_ = false;
    build(ImGui::GetIO().Fonts, sizes, wanted_);
    ImGui::GetIO().FontDefault = body;
    return true;
}

ImFont* Fonts::icon_font_for(float px) const {
    // Larger scaled down looks better than smaller scaled up; 5% either way is the same glyph.
    for (ImFont* f : icons)
        if (f && f->FontSize >= px * 0.95f) return f;
    return icons[kIconSizes - 1];
}

bool Fonts::can_draw(std::string_view utf8) {
    if (coverage_.empty()) {
        IM_ASSERT(regular_.data && "Fonts::open() must succeed before can_draw()");
        coverage_.assign(0x10000, false);
        FT_Library lib = nullptr;
        FT_Face face = nullptr;
        if (FT_Init_FreeType(&lib) == 0) {
            if (FT_New_Memory_Face(lib, static_cast<const FT_Byte*>(regular_.data), static_cast<FT_Long>(regular_.size), 2, &face) == 0 &&
                FT_Select_Charmap(face, FT_ENCODING_UNICODE) == 0) {
                FT_UInt index = 0;
                for (FT_ULong cp = FT_Get_First_Char(face, &index); index != 0 && cp <= 0xFFFF; cp = FT_Get_Next_Char(face, cp, &index))
                    coverage_[cp] = true;
            }
            if (face) FT_Done_Face(face);
            FT_Done_FreeType(lib);
        }
        ::madvise(regular_.data, regular_.size, MADV_DONTNEED);   // the cmap's pages: read once, not kept
    }
    bool ok = true;
    utf8::for_each(utf8, utf8::OnBad::skip, [&](unsigned cp) { ok = ok && cp <= 0xFFFF && coverage_[cp]; });
    return ok;
}

} // namespace kiosk::ui
