// `action list`.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "incident/render.hpp"
#include "incident/text.hpp"

namespace incident::render {

std::string_view action_state(const Action& action, std::chrono::year_month_day today) noexcept {
    if (action.done_at) return "done";
    return is_overdue(action, today) ? "overdue" : "open";
}

std::string actions_table(const std::vector<Action>& actions, std::chrono::year_month_day today,
                          const TerminalStyle& style) {
    std::string out;
    if (!style.table) {
        for (const auto& a : actions) {
            out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", a.id, a.incident_id,
                               action_state(a, today), a.due ? format_day(*a.due) : "-",
                               a.owner ? visible(*a.owner) : "-", visible(a.text));
        }
        return out;
    }
    std::array<std::size_t, 5> widths{2, 8, 7, 10, 5};
    for (const auto& a : actions) {
        widths[0] = std::max(widths[0], std::to_string(a.id).size());
        widths[1] = std::max(widths[1], std::to_string(a.incident_id).size());
        widths[4] = std::max(widths[4], a.owner ? display_width(visible(*a.owner)) : 1);
    }
    const auto cell = [](const std::string& text, std::size_t width) {
        const auto w = display_width(text);
        return w >= width ? text : text + std::string(width - w, ' ');
    };
    const auto head =
        fmt::format("{:>{}}  {:>{}}  {}  {}  {}  ACTION", "ID", widths[0], "INCIDENT", widths[1],
                    cell("STATE", widths[2]), cell("DUE", widths[3]), cell("OWNER", widths[4]));
    out += (style.color ? "\033[1m" + head + "\033[0m" : head) + "\n";
    for (const auto& a : actions) {
        const std::string state(action_state(a, today));
        const char* color = state == "overdue" ? "\033[31m" : state == "done" ? "\033[32m" : "";
        const auto shown = cell(state, widths[2]);
        out += fmt::format("{:>{}}  {:>{}}  {}  {}  {}  {}\n", a.id, widths[0], a.incident_id,
                           widths[1],
                           style.color && *color ? fmt::format("{}{}\033[0m", color, shown) : shown,
                           cell(a.due ? format_day(*a.due) : "-", widths[3]),
                           cell(a.owner ? visible(*a.owner) : "-", widths[4]), visible(a.text));
        if (a.link)
            out += fmt::format("{:>{}}  {}\n", "",
                               widths[0] + widths[1] + widths[2] + widths[3] + widths[4] + 8,
                               visible(*a.link));
    }
    return out;
}

}  // namespace incident::render
