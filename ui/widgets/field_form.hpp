#pragma once
// The fields of one screen: rows on the left, the focused field's input on the right.
#include "ui/widgets/widgets.hpp"

#include <vector>

namespace kiosk::ui {

void field_form(Ui& ui, const std::vector<const FieldSpec*>& fields, ImVec2 size);

// 下一步 on a form screen. Pinyin letters not yet turned into 汉字 are neither dropped nor stored as
// letters: the step stays, and the focused field says what to do ("shi" still waits for its 汉字).
// Otherwise Session::next(); when it refuses, focus moves to the first field with an error.
bool form_next(Ui& ui);

} // namespace kiosk::ui
