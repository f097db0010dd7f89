// Pictograms, one per catalog icon name (Category::icon) and main action (返回, 首页, 下一步, 确认, 打印,
// 呼叫工作人员, 大字模式, 查询办理进度, 修改): the glyph from the icon font (Fork Awesome, Debian's
// fonts-fork-awesome; ui/icon_font.hpp says which glyph and why only those are baked), centred in the
// square and scaled to fill it the same way whatever the glyph's proportions.
// The shapes below are the fallback, never a box: drawn when the font file is missing, when it lacks a
// glyph (said once per name on stderr), and for sizes far beyond the baked ones (the reader hint's card),
// where a scaled-up bitmap would blur and a shape stays crisp. An unknown name draws a plain document.
#include "ui/widgets/widgets.hpp"

#include "ui/icon_font.hpp"

#include <cmath>
#include <cstdio>
#include <set>

namespace kiosk::ui {

namespace {
void document(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    ImVec2 a(c.x - s * 0.32f, c.y - s * 0.42f), b(c.x + s * 0.32f, c.y + s * 0.42f);
    dl->AddRect(a, b, col, s * 0.05f, 0, th);
    for (int i = 0; i < 3; ++i) {
        float y = a.y + s * (0.22f + 0.18f * i);
        dl->AddLine(ImVec2(a.x + s * 0.12f, y), ImVec2(b.x - s * 0.12f, y), col, th);
    }
}
void house(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    ImVec2 roof[3] = {ImVec2(c.x - s * 0.45f, c.y - s * 0.02f), ImVec2(c.x, c.y - s * 0.42f), ImVec2(c.x + s * 0.45f, c.y - s * 0.02f)};
    dl->AddPolyline(roof, 3, col, 0, th);
    dl->AddRect(ImVec2(c.x - s * 0.32f, c.y - s * 0.05f), ImVec2(c.x + s * 0.32f, c.y + s * 0.42f), col, 0, 0, th);
    dl->AddRectFilled(ImVec2(c.x - s * 0.08f, c.y + s * 0.15f), ImVec2(c.x + s * 0.08f, c.y + s * 0.42f), col);
}
void card(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    ImVec2 a(c.x - s * 0.46f, c.y - s * 0.3f), b(c.x + s * 0.46f, c.y + s * 0.3f);
    dl->AddRect(a, b, col, s * 0.06f, 0, th);
    dl->AddCircleFilled(ImVec2(a.x + s * 0.25f, c.y - s * 0.05f), s * 0.1f, col);
    dl->AddRectFilled(ImVec2(a.x + s * 0.12f, c.y + s * 0.08f), ImVec2(a.x + s * 0.38f, c.y + s * 0.18f), col, s * 0.04f);
    for (int i = 0; i < 3; ++i) {
        float y = a.y + s * (0.17f + 0.13f * i);
        dl->AddLine(ImVec2(c.x + s * 0.02f, y), ImVec2(b.x - s * 0.08f, y), col, th);
    }
}
void car(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddRect(ImVec2(c.x - s * 0.46f, c.y - s * 0.05f), ImVec2(c.x + s * 0.46f, c.y + s * 0.22f), col, s * 0.06f, 0, th);
    ImVec2 top[4] = {ImVec2(c.x - s * 0.3f, c.y - s * 0.05f), ImVec2(c.x - s * 0.18f, c.y - s * 0.3f),
                     ImVec2(c.x + s * 0.18f, c.y - s * 0.3f), ImVec2(c.x + s * 0.3f, c.y - s * 0.05f)};
    dl->AddPolyline(top, 4, col, 0, th);
    dl->AddCircleFilled(ImVec2(c.x - s * 0.26f, c.y + s * 0.26f), s * 0.1f, col);
    dl->AddCircleFilled(ImVec2(c.x + s * 0.26f, c.y + s * 0.26f), s * 0.1f, col);
}
void person(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddCircle(ImVec2(c.x, c.y - s * 0.2f), s * 0.17f, col, 0, th);
    dl->PathArcTo(ImVec2(c.x, c.y + s * 0.42f), s * 0.36f, 3.14159f, 2 * 3.14159f);
    dl->PathStroke(col, 0, th);
}
void shield(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    ImVec2 p[6] = {ImVec2(c.x, c.y - s * 0.44f), ImVec2(c.x + s * 0.36f, c.y - s * 0.3f), ImVec2(c.x + s * 0.32f, c.y + s * 0.1f),
                   ImVec2(c.x, c.y + s * 0.44f), ImVec2(c.x - s * 0.32f, c.y + s * 0.1f), ImVec2(c.x - s * 0.36f, c.y - s * 0.3f)};
    dl->AddPolyline(p, 6, col, ImDrawFlags_Closed, th);
    ImVec2 tick[3] = {ImVec2(c.x - s * 0.15f, c.y), ImVec2(c.x - s * 0.03f, c.y + s * 0.12f), ImVec2(c.x + s * 0.17f, c.y - s * 0.12f)};
    dl->AddPolyline(tick, 3, col, 0, th);
}
void plane(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddLine(ImVec2(c.x, c.y - s * 0.44f), ImVec2(c.x, c.y + s * 0.4f), col, th * 1.6f);
    dl->AddLine(ImVec2(c.x - s * 0.44f, c.y + s * 0.05f), ImVec2(c.x + s * 0.44f, c.y + s * 0.05f), col, th * 1.6f);
    dl->AddLine(ImVec2(c.x - s * 0.18f, c.y + s * 0.38f), ImVec2(c.x + s * 0.18f, c.y + s * 0.38f), col, th * 1.4f);
}
void scale(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddLine(ImVec2(c.x, c.y - s * 0.4f), ImVec2(c.x, c.y + s * 0.38f), col, th);
    dl->AddLine(ImVec2(c.x - s * 0.38f, c.y - s * 0.28f), ImVec2(c.x + s * 0.38f, c.y - s * 0.28f), col, th);
    dl->AddLine(ImVec2(c.x - s * 0.2f, c.y + s * 0.38f), ImVec2(c.x + s * 0.2f, c.y + s * 0.38f), col, th);
    for (float side : {-1.0f, 1.0f}) {
        dl->PathArcTo(ImVec2(c.x + side * s * 0.32f, c.y - s * 0.02f), s * 0.14f, 0, 3.14159f);
        dl->PathFillConvex(col);
    }
}
void network(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddCircle(c, s * 0.4f, col, 0, th);
    dl->AddLine(ImVec2(c.x - s * 0.4f, c.y), ImVec2(c.x + s * 0.4f, c.y), col, th);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - s * 0.4f), ImVec2(c.x - s * 0.3f, c.y), ImVec2(c.x, c.y + s * 0.4f), col, th);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - s * 0.4f), ImVec2(c.x + s * 0.3f, c.y), ImVec2(c.x, c.y + s * 0.4f), col, th);
}
void hand(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddRect(ImVec2(c.x - s * 0.24f, c.y - s * 0.05f), ImVec2(c.x + s * 0.24f, c.y + s * 0.42f), col, s * 0.12f, 0, th);
    for (int i = 0; i < 4; ++i) {
        float x = c.x - s * 0.18f + i * s * 0.12f;
        dl->AddLine(ImVec2(x, c.y - s * 0.05f), ImVec2(x, c.y - s * (0.3f + (i == 1 || i == 2 ? 0.1f : 0))), col, th);
    }
}
// The main actions' pictograms (返回, 下一步, 确认, 打印, 呼叫工作人员, 大字模式, 查询办理进度).
void magnifier(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddCircle(ImVec2(c.x - s * 0.08f, c.y - s * 0.08f), s * 0.26f, col, 0, th);
    dl->AddLine(ImVec2(c.x + s * 0.11f, c.y + s * 0.11f), ImVec2(c.x + s * 0.4f, c.y + s * 0.4f), col, th * 1.6f);
}
void arrow(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th, float dir) {
    dl->AddLine(ImVec2(c.x - dir * s * 0.38f, c.y), ImVec2(c.x + dir * s * 0.38f, c.y), col, th);
    ImVec2 head[3] = {ImVec2(c.x + dir * s * 0.1f, c.y - s * 0.28f), ImVec2(c.x + dir * s * 0.38f, c.y),
                      ImVec2(c.x + dir * s * 0.1f, c.y + s * 0.28f)};
    dl->AddPolyline(head, 3, col, 0, th);
}
void check(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    ImVec2 p[3] = {ImVec2(c.x - s * 0.36f, c.y), ImVec2(c.x - s * 0.1f, c.y + s * 0.28f), ImVec2(c.x + s * 0.38f, c.y - s * 0.3f)};
    dl->AddPolyline(p, 3, col, 0, th * 1.3f);
}
void printer(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->AddRect(ImVec2(c.x - s * 0.24f, c.y - s * 0.42f), ImVec2(c.x + s * 0.24f, c.y - s * 0.12f), col, 0, 0, th);
    dl->AddRect(ImVec2(c.x - s * 0.44f, c.y - s * 0.12f), ImVec2(c.x + s * 0.44f, c.y + s * 0.2f), col, s * 0.05f, 0, th);
    dl->AddRectFilled(ImVec2(c.x - s * 0.24f, c.y + s * 0.08f), ImVec2(c.x + s * 0.24f, c.y + s * 0.42f), col);
}
void bell(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    dl->PathArcTo(ImVec2(c.x, c.y - s * 0.05f), s * 0.28f, 3.14159f, 2 * 3.14159f);
    dl->PathLineTo(ImVec2(c.x + s * 0.36f, c.y + s * 0.26f));
    dl->PathLineTo(ImVec2(c.x - s * 0.36f, c.y + s * 0.26f));
    dl->PathStroke(col, ImDrawFlags_Closed, th);
    dl->AddCircleFilled(ImVec2(c.x, c.y + s * 0.36f), s * 0.08f, col);
}
void text_size(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    // A large "A" and a small one: larger text.
    ImVec2 big[3] = {ImVec2(c.x - s * 0.42f, c.y + s * 0.4f), ImVec2(c.x - s * 0.12f, c.y - s * 0.4f), ImVec2(c.x + s * 0.18f, c.y + s * 0.4f)};
    dl->AddPolyline(big, 3, col, 0, th);
    dl->AddLine(ImVec2(c.x - s * 0.3f, c.y + s * 0.1f), ImVec2(c.x + s * 0.06f, c.y + s * 0.1f), col, th);
    ImVec2 small[3] = {ImVec2(c.x + s * 0.2f, c.y + s * 0.4f), ImVec2(c.x + s * 0.32f, c.y + s * 0.04f), ImVec2(c.x + s * 0.44f, c.y + s * 0.4f)};
    dl->AddPolyline(small, 3, col, 0, th * 0.8f);
}
void pencil(ImDrawList* dl, ImVec2 c, float s, unsigned col, float th) {
    // A pencil across the square, tip at the lower left: 修改.
    const ImVec2 d(0.7071f, -0.7071f), n(0.7071f, 0.7071f);
    auto at = [&](float along, float across) { return ImVec2(c.x + d.x * along * s + n.x * across * s, c.y + d.y * along * s + n.y * across * s); };
    ImVec2 body[4] = {at(-0.22f, -0.1f), at(0.42f, -0.1f), at(0.42f, 0.1f), at(-0.22f, 0.1f)};
    dl->AddPolyline(body, 4, col, ImDrawFlags_Closed, th);
    ImVec2 tip[3] = {at(-0.22f, -0.1f), at(-0.46f, 0), at(-0.22f, 0.1f)};
    dl->AddTriangleFilled(tip[0], tip[1], tip[2], col);
}

// The icon font's glyph for `icon`, or false when there is none to draw (then the shape is drawn).
bool glyph(Ui& ui, const std::string& icon, ImVec2 c, float size, unsigned col) {
    const unsigned cp = icon_codepoint(icon);
    ImFont* f = ui.fonts.icon_font_for(size);
    if (!cp || !f) return false;   // a name without a glyph, or no icon font (said once by Fonts::open)
    // Larger than the large size by a quarter: the bitmap would blur; the shape scales crisply.
    if (size > f->FontSize * 1.25f) return false;
    const ImFontGlyph* g = f->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    if (!g || !g->Visible) {
        static std::set<std::string> told;
        if (told.insert(icon).second)
            std::fprintf(stderr, "kiosk: the icon font has no glyph U+%04X for pictogram \"%s\": drawn as a shape\n", cp, icon.c_str());
        return false;
    }
    // The glyph's box fills 86% of the square on its longer side (as the shapes do, ±0.43); at the baked
    // size that is about 1:1, and then it is placed on whole pixels so FreeType's hinting stays sharp.
    const float gw = g->X1 - g->X0, gh = g->Y1 - g->Y0;
    float k = size * 0.86f / std::max(gw, gh);
    if (k > 0.95f && k < 1.05f) k = 1.0f;
    ImVec2 a(c.x - gw * k * 0.5f, c.y - gh * k * 0.5f);
    if (k == 1.0f) a = ImVec2(std::round(a.x), std::round(a.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushTextureID(ImGui::GetIO().Fonts->TexID);   // the atlas, whatever the list drew last (a QR image)
    dl->PrimReserve(6, 4);
    dl->PrimRectUV(a, ImVec2(a.x + gw * k, a.y + gh * k), ImVec2(g->U0, g->V0), ImVec2(g->U1, g->V1), col);
    dl->PopTextureID();
    return true;
}
} // namespace

void pictogram(Ui& ui, const std::string& icon, ImVec2 center, float size, unsigned color) {
    if (glyph(ui, icon, center, size, color)) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float th = std::max(2.0f, size * 0.07f);
    if (icon == "house") house(dl, center, size, color, th);
    else if (icon == "idcard" || icon == "badge") card(dl, center, size, color, th);
    else if (icon == "home-pin") { house(dl, center, size * 0.8f, color, th); }
    else if (icon == "home") house(dl, center, size, color, th);
    else if (icon == "car") car(dl, center, size, color, th);
    else if (icon == "visit") person(dl, center, size, color, th);
    else if (icon == "shield") shield(dl, center, size, color, th);
    else if (icon == "plane") plane(dl, center, size, color, th);
    else if (icon == "scale") scale(dl, center, size, color, th);
    else if (icon == "network") network(dl, center, size, color, th);
    else if (icon == "hand") hand(dl, center, size, color, th);
    else if (icon == "search") magnifier(dl, center, size, color, th);
    else if (icon == "back") arrow(dl, center, size, color, th, -1);
    else if (icon == "next") arrow(dl, center, size, color, th, 1);
    else if (icon == "confirm") check(dl, center, size, color, th);
    else if (icon == "print") printer(dl, center, size, color, th);
    else if (icon == "call") bell(dl, center, size, color, th);
    else if (icon == "large-text") text_size(dl, center, size, color, th);
    else if (icon == "edit") pencil(dl, center, size, color, th);
    else document(dl, center, size, color, th);   // "certificate" and anything new
}

} // namespace kiosk::ui
