// The pictogram names and their Fork Awesome glyphs. See icon_font.hpp.
#include "ui/icon_font.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {
struct IconGlyph { std::string_view name; unsigned cp; };
// Fork Awesome 1.x keeps Font Awesome 4.7's code points. Chosen for what a resident recognises, not for the
// catalog's internal names: 户政 is the hukou booklet (address-book), 居住证 a place (map-marker), so that
// 首页's house is not also a service's.
constexpr IconGlyph kIcons[] = {
    // Catalog categories (assets/catalog/index.json, Category::icon).
    {"certificate", 0xF0F6},   // file-text-o: 证明开具
    {"house", 0xF2B9},         // address-book: 户政业务
    {"idcard", 0xF2C2},        // id-card: 居民身份证
    {"home-pin", 0xF041},      // map-marker: 居住证与居住登记
    {"car", 0xF1B9},           // car: 交管与驾驶证
    {"plane", 0xF072},         // plane: 出入境
    {"visit", 0xF007},         // user: 上门服务
    {"scale", 0xF24E},         // balance-scale: 法律咨询与调解
    {"shield", 0xF132},        // shield: 反诈与线索举报
    {"badge", 0xF2C1},         // id-badge: 治安管理
    {"network", 0xF0AC},       // globe: 网络安全
    {"hand", 0xF256},          // hand-paper-o: 便民服务
    // Main actions.
    {"back", 0xF060},          // arrow-left: 返回
    {"home", 0xF015},          // home: 首页
    {"next", 0xF061},          // arrow-right: 下一步
    {"confirm", 0xF00C},       // check: 确认
    {"call", 0xF0F3},          // bell: 呼叫工作人员
    {"large-text", 0xF034},    // text-height: 大字模式
    {"search", 0xF002},        // search: 查找, 查询办理进度
    {"print", 0xF02F},         // print: 打印, 补打
    {"edit", 0xF040},          // pencil: 修改
};
} // namespace

unsigned icon_codepoint(std::string_view name) {
    for (const IconGlyph& g : kIcons)
        if (g.name == name) return g.cp;
    return 0;
}

const std::vector<unsigned short>& icon_glyph_ranges() {
    static const std::vector<unsigned short> ranges = [] {
        std::vector<unsigned> cps;
        for (const IconGlyph& g : kIcons) cps.push_back(g.cp);
        std::sort(cps.begin(), cps.end());
        cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
        std::vector<unsigned short> r;
        for (std::size_t i = 0; i < cps.size();) {
            std::size_t j = i;
            while (j + 1 < cps.size() && cps[j + 1] == cps[j] + 1) ++j;
            r.push_back(static_cast<unsigned short>(cps[i]));
            r.push_back(static_cast<unsigned short>(cps[j]));
            i = j + 1;
        }
        r.push_back(0);
        return r;
    }();
    return ranges;
}

} // namespace kiosk::ui
