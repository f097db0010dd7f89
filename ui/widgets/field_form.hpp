#pragma once
// The fields of one screen: rows on the left, the focused field's input on the right.
#include "ui/widgets/widgets.hpp"

#include <vector>

namespace kiosk::ui {

void field_form(Ui& ui, const std::vector<const FieldSpec*>& fields, ImVec2 size);

} // namespace kiosk::ui
