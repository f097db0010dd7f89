#pragma once
// The fields of one screen: rows on the left, the focused field's input on the right.
#include "ui/widgets/widgets.hpp"

#include <vector>

namespace kiosk::ui {

// `size`: the whole content area under the title, down to the bottom edge — the form places its own
// 下一步, 返回 and 首页 (form_nav), so the input can use the height the nav row would take.
void field_form(Ui& ui, const std::vector<const FieldSpec*>& fields, ImVec2 size);
// After field_form(): 返回 and 首页 where every screen has them, 下一步 where the form put it (under the
// rows in landscape, bottom right in portrait). Returns -1 back, +1 next, 0 nothing (as nav_row).
int form_nav(Ui& ui, const std::string& next_label);

// 下一步 on a form screen. Pinyin letters not yet turned into 汉字 are neither dropped nor stored as
// letters: the step stays, and the focused field says what to do ("shi" still waits for its 汉字).
// Otherwise Session::next(); when it refuses, focus moves to the first field with an error.
bool form_next(Ui& ui);

} // namespace kiosk::ui
