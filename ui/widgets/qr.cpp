// QR codes (request reference on the done screen, elsewhere_url of services not on site) drawn as ImGui
// rectangles from libqrencode's module matrix: no texture, crisp at any size.
#include "ui/widgets/widgets.hpp"

#include <qrencode.h>

namespace kiosk::ui {

bool qr_code(Ui& ui, const std::string& data, float side) {
    QRcode* q = QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M);
    ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!q) { ImGui::Dummy(ImVec2(side, side)); return false; }
    const int quiet = 4;   // the standard's quiet zone, in modules
    int n = q->width + 2 * quiet;
    float m = side / n;
    dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), IM_COL32_WHITE);
    for (int y = 0; y < q->width; ++y)
        for (int x = 0; x < q->width; ++x)
            if (q->data[y * q->width + x] & 1) {
                ImVec2 a(o.x + (x + quiet) * m, o.y + (y + quiet) * m);
                dl->AddRectFilled(a, ImVec2(a.x + m, a.y + m), IM_COL32_BLACK);
            }
    QRcode_free(q);
    (void)ui;
    ImGui::Dummy(ImVec2(side, side));
    return true;
}

} // namespace kiosk::ui
