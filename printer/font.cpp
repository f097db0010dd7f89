#include "printer/font.hpp"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include <ft2build.h>
#include FT_FREETYPE_H

namespace kiosk::printer {

namespace {

struct FontState {
    std::mutex mu;
    FT_Library lib = nullptr;
    FT_Face face = nullptr;
    bool tried = false;
    std::string error;
    std::map<std::pair<int, char32_t>, Glyph> cache;   // node-based: pointers stay valid

    ~FontState() {
        if (face) FT_Done_Face(face);
        if (lib) FT_Done_FreeType(lib);
    }
};

FontState& state() {
    static FontState s;
    return s;
}

// The .ttc holds one face per region (JP, KR, SC, TC, HK); pick Simplified Chinese glyph forms.
void load_locked(FontState& s) {
    s.tried = true;
    const std::string path = cjk_font_path();
    if (FT_Init_FreeType(&s.lib) != 0) { s.error = "FreeType could not start"; return; }
    FT_Face probe = nullptr;
    if (FT_New_Face(s.lib, path.c_str(), -1, &probe) != 0) {
        s.error = "cannot open the CJK font " + path + " (install fonts-noto-cjk or set KIOSK_CJK_FONT)";
        return;
    }
    long faces = probe->num_faces;
    FT_Done_Face(probe);
    long chosen = 0;
    for (long i = 0; i < faces; ++i) {
        FT_Face f = nullptr;
        if (FT_New_Face(s.lib, path.c_str(), i, &f) != 0) continue;
        bool sc = f->family_name && std::strcmp(f->family_name, "Noto Sans CJK SC") == 0;
        FT_Done_Face(f);
        if (sc) { chosen = i; break; }
    }
    if (FT_New_Face(s.lib, path.c_str(), chosen, &s.face) != 0) {
        s.error = "cannot load a face from the CJK font " + path;
        s.face = nullptr;
    }
}

} // namespace

std::string cjk_font_path() {
    const char* env = std::getenv("KIOSK_CJK_FONT");
    return (env && *env) ? env : kDefaultCjkFont;
}

Status cjk_font_ready() {
    FontState& s = state();
    std::lock_guard lock(s.mu);
    if (!s.tried) load_locked(s);
    if (!s.face) return make_error("printer.font", s.error);
    return ok_status();
}

const Glyph* cjk_glyph(char32_t c, int px) {
    FontState& s = state();
    std::lock_guard lock(s.mu);
    if (!s.tried) load_locked(s);
    auto key = std::make_pair(px, c);
    auto it = s.cache.find(key);
    if (it != s.cache.end()) return &it->second;
    Glyph g;
    if (!s.face) {
        g.missing = true;
    } else {
        FT_Set_Pixel_Sizes(s.face, 0, static_cast<FT_UInt>(px));
        FT_UInt index = FT_Get_Char_Index(s.face, c);
        if (index == 0 || FT_Load_Glyph(s.face, index, FT_LOAD_DEFAULT) != 0 ||
            FT_Render_Glyph(s.face->glyph, FT_RENDER_MODE_NORMAL) != 0) {
            g.missing = true;
        } else {
            const FT_Bitmap& bm = s.face->glyph->bitmap;
            g.width = static_cast<int>(bm.width);
            g.height = static_cast<int>(bm.rows);
            g.left = s.face->glyph->bitmap_left;
            g.top = s.face->glyph->bitmap_top;
            g.gray.resize(static_cast<std::size_t>(g.width) * g.height);
            for (int y = 0; y < g.height; ++y)
                std::memcpy(&g.gray[static_cast<std::size_t>(y) * g.width], bm.buffer + y * bm.pitch,
                            static_cast<std::size_t>(g.width));
        }
    }
    return &s.cache.emplace(key, std::move(g)).first->second;
}

} // namespace kiosk::printer
