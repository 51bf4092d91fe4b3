#include "complete.hpp"

#include <algorithm>
#include <iterator>
#include <regex>
#include <set>

#include "app.hpp"
#include "context.hpp"
#include "incident/text.hpp"

namespace incident::cli {
namespace {

constexpr std::size_t max_description_bytes = 80;
// A Tab press must answer at once, even while a writer holds the journal or a server is slow.
constexpr std::chrono::milliseconds lock_timeout{100};
constexpr std::chrono::milliseconds connect_timeout{1000};
constexpr std::size_t incident_limit = 500;
constexpr std::size_t update_incident_limit = 50;  // updates come from the newest incidents
constexpr std::size_t update_limit = 200;
// Commands whose ID is an open incident; the others take any incident.
constexpr std::string_view on_open_incidents[] = {"update", "resolve"};

// One line of at most max_description_bytes, cut on a UTF-8 boundary.
std::string one_line(std::string_view text) {
    auto shown = visible(text);
    if (shown.size() > max_description_bytes) {
        std::size_t cut = max_description_bytes;
        while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
        shown = shown.substr(0, cut) + "\u2026";
    }
    return shown;
}

bool takes_value(const CLI::Option& opt) {
    return opt.get_expected_max() > 0;
}

bool repeatable(const CLI::Option& opt) {
    return opt.get_items_expected_max() > 1;
}

// The option called `name` ("--status", "-F") in `app` or, through fallthrough, its parents.
const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
    for (const auto* a = &app; a != nullptr; a = a->get_parent()) {
        const auto options = a->get_options([&](const CLI::Option* opt) {
            if (opt->get_positional()) return false;
            for (const auto& l : opt->get_lnames()) {
                if ("--" + l == name) return true;
            }
            for (const auto& s : opt->get_snames()) {
                if ("-" + s == name) return true;
            }
            return false;
        });
        if (!options.empty()) return options.front();
    }
    return nullptr;
}

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
    const auto subs =
        app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == name; });
    return subs.empty() ? nullptr : subs.front();
}

// The positional that the `index`-th positional word of `app` fills (a list takes the rest).
const CLI::Option* positional_at(const CLI::App& app, std::size_t index) {
    const auto positionals =
        app.get_options([](const CLI::Option* opt) { return opt->get_positional(); });
    std::size_t first = 0;
    for (const auto* opt : positionals) {
        const auto max = static_cast<std::size_t>(std::max(opt->get_items_expected_max(), 1));
        if (index < first + max) return opt;
        first += max;
    }
    return nullptr;
}

// "Status: investigating|identified|monitoring" offers the three words: an option's
// description is where its allowed values are written down.
std::vector<std::string> words_in_description(const std::string& description) {
    static const std::regex alternatives(R"([a-z0-9][a-z0-9_-]*(\|[a-z0-9][a-z0-9_-]*)+)");
    std::smatch match;
    std::vector<std::string> out;
    if (!std::regex_search(description, match, alternatives)) return out;
    const auto text = match.str();
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto bar = text.find('|', start);
        out.push_back(text.substr(start, bar == std::string::npos ? bar : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

// A CLI11 IsMember check shows in the type name as "TEXT:{md,html,json,atom}".
std::vector<std::string> words_in_type_name(const std::string& type_name) {
    std::vector<std::string> out;
    const auto open = type_name.find(":{");
    const auto close = type_name.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return out;
    const auto list = type_name.substr(open + 2, close - open - 2);
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const auto piece = list.substr(start, comma == std::string::npos ? comma : comma - start);
        auto word = std::string(trim(piece));
        if (!word.empty()) out.push_back(std::move(word));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

struct Walk {
    const CLI::App* app = nullptr;
    std::vector<std::string> positionals;  // the words given to `app`'s positionals so far
    std::set<const CLI::Option*> used;
    const CLI::Option* pending = nullptr;  // the option whose value is being completed
    bool only_positionals = false;         // after "--"
    std::optional<std::string> db;
};

Walk walk(const CLI::App& root, const std::vector<std::string>& words) {
    Walk w;
    w.app = &root;
    const auto* db_option = find_option(root, "--db");
    const std::size_t last = words.empty() ? 0 : words.size() - 1;
    for (std::size_t i = 0; i < last; ++i) {
        const auto& word = words[i];
        if (!w.only_positionals && word == "--") {
            w.only_positionals = true;
            continue;
        }
        if (!w.only_positionals && word.size() > 1 && word.front() == '-') {
            std::string name = word;
            std::optional<std::string> attached;
            if (word.starts_with("--")) {
                if (const auto eq = word.find('='); eq != std::string::npos) {
                    name = word.substr(0, eq);
                    attached = word.substr(eq + 1);
                }
            } else if (word.size() > 2) {
                name = word.substr(0, 2);
                attached = word.substr(2);
            }
            const auto* opt = find_option(*w.app, name);
            if (opt == nullptr) continue;
            w.used.insert(opt);
            if (!takes_value(*opt)) continue;
            if (!attached) {
                if (i + 1 == last) {
                    w.pending = opt;
                    break;
                }
                attached = words[++i];
            }
            if (opt == db_option) w.db = *attached;
            continue;
        }
        if (w.positionals.empty() && !w.only_positionals) {
            if (const auto* sub = find_subcommand(*w.app, word)) {
                w.app = sub;
                continue;
            }
        }
        w.positionals.push_back(word);
    }
    return w;
}

class Collector {
  public:
    Collector(std::string prefix, Completion& out) : prefix_(std::move(prefix)), out_(out) {}
    void operator()(const std::string& value, std::string_view description = {}) {
        if (!value.starts_with(prefix_)) return;
        for (const auto& c : out_.candidates) {
            if (c.value == value) return;
        }
        out_.candidates.push_back({value, one_line(description)});
    }

  private:
    std::string prefix_;
    Completion& out_;
};

// Values for an option or positional, by what the definition says about it.
void add_values(const CLI::Option& opt, const Walk& w, const CLI::App& root,
                const CompletionSources& sources, const std::string& lead, Collector& add,
                Completion& out) {
    const auto name = opt.get_name();
    const auto full_type = opt.get_type_name();
    const auto type = full_type.substr(0, full_type.find(':'));
    // An id already on the line is not offered again.
    const auto typed = [&](const std::string& value) {
        return std::find(w.positionals.begin(), w.positionals.end(), value) != w.positionals.end();
    };
    if (type == "UPDATE_ID" || name == "update_id") {
        if (!sources.updates) return;
        for (const auto& [id, text] : sources.updates(w.db)) {
            if (!typed(std::to_string(id))) add(lead + std::to_string(id), text);
        }
        return;
    }
    if (type == "ID" || name == "id" || name == "ids") {
        if (!sources.incidents) return;
        const auto which = std::find(std::begin(on_open_incidents), std::end(on_open_incidents),
                                     w.app->get_name()) != std::end(on_open_incidents)
                               ? StatusFilter::open
                               : StatusFilter::all;
        for (const auto& [id, title] : sources.incidents(w.db, which)) {
            if (!typed(std::to_string(id))) add(lead + std::to_string(id), title);
        }
        return;
    }
    if (type == "COMMAND" || name == "command") {
        const CLI::App* app = &root;
        for (const auto& word : w.positionals) {
            const auto* sub = find_subcommand(*app, word);
            if (sub == nullptr) return;
            app = sub;
        }
        for (const auto* sub : visible_subcommands(*app))
            add(lead + sub->get_name(), sub->get_description());
        return;
    }
    const bool zone_value =
        type == "ZONE" || name == "--tz" ||
        (name == "value" && !w.positionals.empty() && w.positionals.back() == "timezone");
    if (zone_value) {
        if (!sources.zones) return;
        for (const auto& zone : sources.zones()) add(lead + zone);
        return;
    }
    if (type == "FILE" || type == "PATH" || type == "DIR" || type == "DEST" || name == "file" ||
        name == "--file" || name == "--output" || name == "-o" || name == "--db") {
        out.files = true;
        return;
    }
    auto words = words_in_type_name(full_type);
    if (words.empty()) words = words_in_description(opt.get_description());
    // The formats `export` takes (docs/incident.1), should --format ever be declared without
    // listing them.
    if (words.empty() && name == "--format") words = {"md", "html", "json", "atom"};
    for (const auto& word : words) add(lead + word);
}

void add_options(const CLI::App& app, const Walk& w, Collector& add) {
    for (const auto* a = &app; a != nullptr; a = a->get_parent()) {
        for (const auto* opt : a->get_options()) {
            if (opt->get_positional() || opt->get_group().empty()) continue;
            if (w.used.count(opt) != 0 && !repeatable(*opt)) continue;
            for (const auto& l : opt->get_lnames()) add("--" + l, opt->get_description());
            for (const auto& s : opt->get_snames()) add("-" + s, opt->get_description());
        }
    }
}

}  // namespace

Completion complete(const CLI::App& root, const std::vector<std::string>& words,
                    const CompletionSources& sources) {
    Completion out;
    const auto w = walk(root, words);
    const std::string current = words.empty() ? "" : words.back();
    if (w.pending != nullptr) {
        Collector add(current, out);
        add_values(*w.pending, w, root, sources, "", add, out);
        return out;
    }
    if (!w.only_positionals && current.starts_with("--") &&
        current.find('=') != std::string::npos) {
        const auto eq = current.find('=');
        if (const auto* opt = find_option(*w.app, current.substr(0, eq));
            opt && takes_value(*opt)) {
            Collector add(current, out);
            add_values(*opt, w, root, sources, current.substr(0, eq + 1), add, out);
        }
        return out;
    }
    Collector add(current, out);
    if (!w.only_positionals && current.starts_with("-")) {
        add_options(*w.app, w, add);
        return out;
    }
    const auto subcommands = visible_subcommands(*w.app);
    if (!subcommands.empty() && w.positionals.empty() && !w.only_positionals) {
        for (const auto* sub : subcommands) add(sub->get_name(), sub->get_description());
        return out;
    }
    if (const auto* positional = positional_at(*w.app, w.positionals.size())) {
        add_values(*positional, w, root, sources, "", add, out);
    }
    return out;
}

CompletionSources journal_sources(const Context& ctx) {
    const auto open = [&ctx](const std::optional<std::string>& db) {
        auto options = ctx.store_options();
        options.lock_timeout = lock_timeout;
        options.connect_timeout = connect_timeout;
        return open_read_store(db ? *db : ctx.db_location(), options);
    };
    CompletionSources sources;
    sources.incidents = [open](const std::optional<std::string>& db, StatusFilter which) {
        std::vector<std::pair<IncidentId, std::string>> out;
        try {
            const auto store = open(db);
            IncidentFilter filter;
            filter.status = which;
            filter.limit = incident_limit;
            for (auto& inc : store->incidents(filter))
                out.emplace_back(inc.id, std::move(inc.title));
        } catch (const std::exception&) {
            out.clear();
        }
        return out;
    };
    sources.updates = [open](const std::optional<std::string>& db) {
        std::vector<Update> all;
        std::vector<std::pair<UpdateId, std::string>> out;
        try {
            const auto store = open(db);
            IncidentFilter filter;
            filter.limit = update_incident_limit;
            for (const auto& inc : store->incidents(filter)) {
                auto updates = store->updates(inc.id);
                std::move(updates.begin(), updates.end(), std::back_inserter(all));
            }
        } catch (const std::exception&) {
            return out;
        }
        std::stable_sort(all.begin(), all.end(), [](const Update& a, const Update& b) {
            return a.posted_at != b.posted_at ? a.posted_at > b.posted_at : a.id > b.id;
        });
        if (all.size() > update_limit) all.resize(update_limit);
        for (const auto& u : all) {
            const auto first_line = std::string_view(u.body).substr(0, u.body.find('\n'));
            out.emplace_back(u.id,
                             "#" + std::to_string(u.incident_id) + " " + std::string(first_line));
        }
        return out;
    };
    sources.zones = Zone::names;
    return sources;
}

std::string format_completion(const Completion& completion) {
    std::string out;
    for (const auto& c : completion.candidates) {
        out += c.value;
        if (!c.description.empty()) out += "\t" + c.description;
        out += '\n';
    }
    if (completion.files) out += ":files\n";
    return out;
}

}  // namespace incident::cli
