// Where the resident is in the visit: "第 3 步 / 共 6 步" and the step's name, right-aligned on the title
// line of every step from the service page to the consent, with a row of six segments under it (the ones
// done filled). The six stages are the issue's: 选择业务 → 阅读须知 → 填写信息 → 核对 → 确认 → 取号.
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

int resident_stage(Step s) {
    switch (s) {
    case Step::service: return 2;
    case Step::identity: case Step::fields: return 3;
    case Step::review: return 4;
    case Step::consent: return 5;
    default: return 0;   // choosing (home, lists) has no form yet; done says so itself
    }
}

float step_indicator(Ui& ui, ImVec2 top_right) {
    const int stage = resident_stage(ui.session.step());
    if (stage == 0) return 0;
    // One line (the title line must stay one line high: elderly mode at 1280×800 has no height to spare).
    const std::string line = ui.trf("steps.progress", {std::to_string(stage), std::to_string(kResidentStages)}) + " · " +
                             ui.tr("steps." + std::to_string(stage));
    ui.fonts.need(line);
    ImFont* bf = ui.fonts.bold;
    const float w = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, line.c_str()).x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float x = top_right.x - w;
    dl->AddText(bf, bf->FontSize, ImVec2(x, top_right.y), ui.theme.text.im(), line.c_str());
    // Segments: done and current in the primary colour, the rest outlined.
    const float seg_gap = ui.px(0.15f), seg_h = ui.px(0.25f);
    const float seg_w = (w - (kResidentStages - 1) * seg_gap) / kResidentStages;
    const float y = top_right.y + bf->FontSize + ui.px(0.1f);
    for (int i = 0; i < kResidentStages; ++i) {
        ImVec2 a(x + i * (seg_w + seg_gap), y), b(a.x + seg_w, y + seg_h);
        if (i < stage) dl->AddRectFilled(a, b, ui.theme.primary.im(), seg_h * 0.5f);
        else dl->AddRect(a, b, ui.theme.outline.im(), seg_h * 0.5f);
    }
    return w;
}

} // namespace kiosk::ui
