// See font_builder.hpp for why this exists and what it must match.
// [SECTION] Index
//   [SECTION] FreeType — library with our allocator, one face per font file, one size per config
//   [SECTION] Glyphs   — render once, keep 8-bit coverage in chunks
//   [SECTION] Build    — pack (stb_rect_pack, as ImGui does), blit, register glyphs, finish
#include "ui/font_builder.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <stb/stb_rect_pack.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include FT_MODULE_H

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace kiosk::ui {

namespace {

void* (*g_alloc)(std::size_t, void*) = nullptr;
void (*g_free)(void*, void*) = nullptr;

// [SECTION] FreeType
void* ft_alloc(FT_Memory, long n) { return g_alloc ? g_alloc(static_cast<std::size_t>(n), nullptr) : std::malloc(static_cast<std::size_t>(n)); }
void ft_free(FT_Memory, void* p) { if (g_free) g_free(p, nullptr); else std::free(p); }
void* ft_realloc(FT_Memory m, long cur, long want, void* p) {
    if (!p) return ft_alloc(m, want);
    if (want == 0) { ft_free(m, p); return nullptr; }
    void* q = ft_alloc(m, want);
    if (q) std::memcpy(q, p, static_cast<std::size_t>(std::min(cur, want)));
    ft_free(m, p);
    return q;
}

long ft_ceil(FT_Pos x) { return ((x + 63) & -64) / 64; }

// Everything FreeType holds for one build, released in reverse order.
struct FreeType {
    FT_MemoryRec_ memory{nullptr, ft_alloc, ft_free, ft_realloc};
    FT_Library lib = nullptr;
    struct Face { const void* data; int no; FT_Face face; };
    std::vector<Face> faces;
    ~FreeType() {
        for (Face& f : faces) FT_Done_Face(f.face);   // also frees its sizes
        if (lib) FT_Done_Library(lib);
    }
    bool init() {
        if (FT_New_Library(&memory, &lib) != 0) return false;
        FT_Add_Default_Modules(lib);
        return true;
    }
    // One face per (font data, collection index): the five kiosk fonts come from two files.
    FT_Face face_for(const ImFontConfig& cfg) {
        for (Face& f : faces)
            if (f.data == cfg.FontData && f.no == cfg.FontNo) return f.face;
        FT_Face face = nullptr;
        if (FT_New_Memory_Face(lib, static_cast<const FT_Byte*>(cfg.FontData), cfg.FontDataSize, cfg.FontNo, &face) != 0) return nullptr;
        if (FT_Select_Charmap(face, FT_ENCODING_UNICODE) != 0) { FT_Done_Face(face); return nullptr; }
        faces.push_back({cfg.FontData, cfg.FontNo, face});
        return face;
    }
};

// [SECTION] Glyphs
struct Glyph {
    int src = 0;          // index into atlas->ConfigData
    ImWchar cp = 0;
    int w = 0, h = 0, off_x = 0, off_y = 0;
    float advance = 0;
    unsigned char* pixels = nullptr;   // w × h coverage in a chunk
};

// Rendered coverage, one byte per pixel, in 256 KiB chunks (a growing vector would copy, and briefly
// hold twice, everything rendered so far).
class Chunks {
public:
    unsigned char* take(std::size_t n) {
        if (chunks_.empty() || used_ + n > size_) {
            size_ = std::max<std::size_t>(kChunk, n);
            chunks_.emplace_back(new unsigned char[size_]);
            used_ = 0;
        }
        unsigned char* p = chunks_.back().get() + used_;
        used_ += n;
        return p;
    }

private:
    static constexpr std::size_t kChunk = 256 * 1024;
    std::vector<std::unique_ptr<unsigned char[]>> chunks_;
    std::size_t used_ = 0, size_ = 0;
};

struct SizeInfo { FT_Face face = nullptr; FT_Size size = nullptr; float ascent = 0, descent = 0; };

// The codepoints of one config's ranges that its face has, in range order, without repeats.
std::vector<ImWchar> wanted_codepoints(FT_Face face, const ImWchar* ranges) {
    std::vector<ImWchar> out;
    std::vector<bool> seen(0x10000, false);
    for (const ImWchar* r = ranges; r[0] && r[1]; r += 2)
        for (unsigned cp = r[0]; cp <= r[1] && cp <= IM_UNICODE_CODEPOINT_MAX; ++cp) {
            if (seen[cp]) continue;
            seen[cp] = true;
            if (FT_Get_Char_Index(face, cp) != 0) out.push_back(static_cast<ImWchar>(cp));
        }
    return out;
}

// [SECTION] Build
bool build(ImFontAtlas* atlas) {
    IM_ASSERT(atlas->ConfigData.Size > 0 && "add fonts before building");
    ImFontAtlasBuildInit(atlas);
    atlas->TexID = (ImTextureID) nullptr;
    atlas->TexWidth = atlas->TexHeight = 0;
    atlas->TexUvScale = ImVec2(0, 0);
    atlas->TexUvWhitePixel = ImVec2(0, 0);
    atlas->ClearTexData();

    FreeType ft;
    if (!ft.init()) return false;
    const int n_src = atlas->ConfigData.Size;
    std::vector<SizeInfo> sizes(static_cast<std::size_t>(n_src));
    std::vector<Glyph> glyphs;
    Chunks chunks;
    const int pad = atlas->TexGlyphPadding;
    std::size_t surface = 0;
    for (int s = 0; s < n_src; ++s) {
        ImFontConfig& cfg = atlas->ConfigData[s];
        IM_ASSERT(!cfg.MergeMode && "shared_face_builder(): merged fonts are not supported; use ImGuiFreeType's builder");
        IM_ASSERT(cfg.FontBuilderFlags == 0 && atlas->FontBuilderFlags == 0 && cfg.RasterizerMultiply == 1.0f &&
                  "shared_face_builder(): builder flags and RasterizerMultiply are not supported");
        IM_ASSERT(cfg.DstFont && "ImFontConfig without a destination font: add fonts with AddFont*()");
        SizeInfo& si = sizes[static_cast<std::size_t>(s)];
        si.face = ft.face_for(cfg);
        if (!si.face || FT_New_Size(si.face, &si.size) != 0 || FT_Activate_Size(si.size) != 0) return false;
        // As imgui_freetype 1.86 (SetPixelHeight): the real dimensions, not the nominal em.
        FT_Size_RequestRec req{FT_SIZE_REQUEST_TYPE_REAL_DIM, 0, static_cast<FT_Long>(static_cast<unsigned>(cfg.SizePixels) * 64), 0, 0};
        if (FT_Request_Size(si.face, &req) != 0) return false;
        si.ascent = static_cast<float>(ft_ceil(si.face->size->metrics.ascender));
        si.descent = static_cast<float>(ft_ceil(si.face->size->metrics.descender));

        const ImWchar* ranges = cfg.GlyphRanges ? cfg.GlyphRanges : atlas->GetGlyphRangesDefault();
        for (ImWchar cp : wanted_codepoints(si.face, ranges)) {
            if (FT_Load_Glyph(si.face, FT_Get_Char_Index(si.face, cp), FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_NORMAL) != 0) continue;
            FT_GlyphSlot slot = si.face->glyph;
            if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) continue;
            const FT_Bitmap& bm = slot->bitmap;
            IM_ASSERT((bm.pixel_mode == FT_PIXEL_MODE_GRAY || bm.width == 0) && "outline fonts render to 8-bit gray");
            Glyph g;
            g.src = s;
            g.cp = cp;
            g.w = static_cast<int>(bm.width);
            g.h = static_cast<int>(bm.rows);
            g.off_x = slot->bitmap_left;
            g.off_y = -slot->bitmap_top;
            g.advance = static_cast<float>(ft_ceil(slot->advance.x));
            if (g.w > 0 && g.h > 0) {
                g.pixels = chunks.take(static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h));
                for (int y = 0; y < g.h; ++y)
                    std::memcpy(g.pixels + static_cast<std::size_t>(y) * static_cast<std::size_t>(g.w),
                                bm.buffer + static_cast<std::ptrdiff_t>(y) * bm.pitch, static_cast<std::size_t>(g.w));
            }
            surface += static_cast<std::size_t>(g.w + pad) * static_cast<std::size_t>(g.h + pad);
            glyphs.push_back(g);
        }
    }

    // Width as ImGui chooses it; height grows to fit.
    const int side = static_cast<int>(std::sqrt(static_cast<double>(surface))) + 1;
    atlas->TexWidth = atlas->TexDesiredWidth > 0 ? atlas->TexDesiredWidth
                    : side >= 4096 * 0.7 ? 4096 : side >= 2048 * 0.7 ? 2048 : side >= 1024 * 0.7 ? 1024 : 512;
    constexpr int kMaxHeight = 1024 * 32;
    std::vector<stbrp_node> nodes(static_cast<std::size_t>(atlas->TexWidth - pad));
    stbrp_context pack{};
    stbrp_init_target(&pack, atlas->TexWidth, kMaxHeight, nodes.data(), static_cast<int>(nodes.size()));
    ImFontAtlasBuildPackCustomRects(atlas, &pack);
    std::vector<stbrp_rect> rects(glyphs.size());
    for (std::size_t i = 0; i < glyphs.size(); ++i) {
        rects[i].id = static_cast<int>(i);
        rects[i].w = glyphs[i].w + pad;
        rects[i].h = glyphs[i].h + pad;
    }
    if (!rects.empty()) stbrp_pack_rects(&pack, rects.data(), static_cast<int>(rects.size()));
    for (const stbrp_rect& r : rects) {
        IM_ASSERT(r.was_packed && "font atlas taller than 32 768 pixels: too many glyphs or sizes");
        if (!r.was_packed) return false;
        atlas->TexHeight = std::max(atlas->TexHeight, r.y + r.h);
    }
    atlas->TexHeight = (atlas->Flags & ImFontAtlasFlags_NoPowerOfTwoHeight) ? atlas->TexHeight + 1 : ImUpperPowerOfTwo(atlas->TexHeight);
    atlas->TexUvScale = ImVec2(1.0f / static_cast<float>(atlas->TexWidth), 1.0f / static_cast<float>(atlas->TexHeight));
    const std::size_t tex_bytes = static_cast<std::size_t>(atlas->TexWidth) * static_cast<std::size_t>(atlas->TexHeight);
    atlas->TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(tex_bytes));
    std::memset(atlas->TexPixelsAlpha8, 0, tex_bytes);
    atlas->TexPixelsUseColors = false;

    // Fonts in config order, glyphs in range order, as ImGui's builder registers them.
    std::size_t gi = 0;
    for (int s = 0; s < n_src; ++s) {
        ImFontConfig& cfg = atlas->ConfigData[s];
        const SizeInfo& si = sizes[static_cast<std::size_t>(s)];
        ImFont* font = cfg.DstFont;
        ImFontAtlasBuildSetupFont(atlas, font, &cfg, si.ascent, si.descent);
        const float font_off_x = cfg.GlyphOffset.x;
        const float font_off_y = cfg.GlyphOffset.y + IM_ROUND(font->Ascent);
        for (; gi < glyphs.size() && glyphs[gi].src == s; ++gi) {
            const Glyph& g = glyphs[gi];
            const stbrp_rect& r = rects[gi];
            const int tx = r.x + pad, ty = r.y + pad;
            const float x0 = static_cast<float>(g.off_x) + font_off_x, y0 = static_cast<float>(g.off_y) + font_off_y;
            const float tw = static_cast<float>(atlas->TexWidth), th = static_cast<float>(atlas->TexHeight);
            font->AddGlyph(&cfg, g.cp, x0, y0, x0 + static_cast<float>(g.w), y0 + static_cast<float>(g.h),
                           static_cast<float>(tx) / tw, static_cast<float>(ty) / th,
                           static_cast<float>(tx + g.w) / tw, static_cast<float>(ty + g.h) / th, g.advance);
            for (int y = 0; y < g.h; ++y)
                std::memcpy(atlas->TexPixelsAlpha8 + static_cast<std::size_t>(ty + y) * static_cast<std::size_t>(atlas->TexWidth) + static_cast<std::size_t>(tx),
                            g.pixels + static_cast<std::size_t>(y) * static_cast<std::size_t>(g.w), static_cast<std::size_t>(g.w));
        }
    }
    ImFontAtlasBuildFinish(atlas);
    return true;
}

} // namespace

const ImFontBuilderIO* shared_face_builder() {
    static const ImFontBuilderIO io{build};
    return &io;
}

void set_font_builder_allocator(void* (*alloc)(std::size_t, void*), void (*free)(void*, void*)) {
    g_alloc = alloc;
    g_free = free;
}

} // namespace kiosk::ui
