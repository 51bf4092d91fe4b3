#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

// page_id and page_url name the Statuspage page the journal mirrors (import sets them).
constexpr std::array<std::string_view, 4> known_keys{"name", "timezone", "page_id", "page_url"};

struct ConfigOptions {
    std::string key;
    std::string value;
    CLI::App* get = nullptr;
    CLI::App* set = nullptr;
    CLI::App* unset = nullptr;
};

void check_key_name(const std::string& key) {
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
        const std::vector<std::string> keys(known_keys.begin(), known_keys.end());
        throw UsageError(fmt::format("unknown config key \"{}\"{}; known keys: {}", visible(key),
                                     did_you_mean(key, keys), fmt::join(keys, ", ")));
    }
}

int run_get(const ConfigOptions& o, const ReadStore& store, const cli::Context& ctx) {
    if (o.key.empty()) {
        const auto all = store.all_config();
        if (ctx.global().json) {
            ctx.out() << render::config_json(all) << '\n';
            return 0;
        }
        for (const auto& [key, value] : all) ctx.out() << key << " = " << visible(value) << '\n';
        return 0;
    }
    check_key_name(o.key);
    const auto value = store.config(o.key);
    if (!value) throw NotFoundError(fmt::format("config key \"{}\" is not set", o.key));
    ctx.out() << (ctx.global().json ? render::json_string(*value) : visible(*value)) << '\n';
    return 0;
}

int run_set(const ConfigOptions& o, WriteStore& store, const cli::Context& ctx) {
    check_key_name(o.key);
    auto value = std::string(trim(o.value));
    if (value.empty()) throw UsageError(fmt::format("the value for \"{}\" is empty", o.key));
    if (auto problem = check_user_text("the value", value, max_name_bytes)) {
        throw UsageError(*problem);
    }
    if (o.key == "timezone") {
        const auto zone = Zone::locate(value);
        if (!zone) {
            const auto hint = did_you_mean(value, Zone::names());
            throw UsageError(fmt::format("\"{}\" is not a known IANA time zone{}", visible(value),
                                         hint.empty() ? " (e.g. Europe/Stockholm, UTC)" : hint));
        }
        value = zone->name();
    }
    if (o.key == "page_url" && !value.starts_with("https://") && !value.starts_with("http://")) {
        throw UsageError(
            fmt::format("page_url \"{}\" is not an http(s) address (e.g. "
                        "https://status.example.com)",
                        visible(value)));
    }
    if (o.key == "page_id" && value.find_first_of(" \t") != std::string::npos) {
        throw UsageError(fmt::format("page_id \"{}\" must be one word", visible(value)));
    }
    store.transact([&] { store.set_config(o.key, value); });
    if (!ctx.global().quiet) ctx.out() << fmt::format("{} = {}\n", o.key, visible(value));
    return 0;
}

int run_unset(const ConfigOptions& o, WriteStore& store) {
    check_key_name(o.key);
    store.transact([&] { store.unset_config(o.key); });
    return 0;
}

}  // namespace

Runner declare_config(CLI::App& app) {
    auto o = std::make_shared<ConfigOptions>();
    const auto key_help = fmt::format("Setting: {}", fmt::join(known_keys, "|"));
    app.require_subcommand(1);
    o->get = app.add_subcommand("get", "Print a setting (all settings without KEY)");
    o->get->add_option("key", o->key, key_help)->type_name("KEY");
    o->set = app.add_subcommand("set", "Change a setting");
    o->set->add_option("key", o->key, key_help)->required()->type_name("KEY");
    o->set->add_option("value", o->value, "The new value")->required()->type_name("VALUE");
    o->unset = app.add_subcommand("unset", "Remove a setting");
    o->unset->add_option("key", o->key, key_help)->required()->type_name("KEY");
    return [o](cli::Context& ctx) {
        if (o->get->parsed()) {
            const auto store = ctx.open_read();
            return run_get(*o, *store, ctx);
        }
        auto store = ctx.open_write();
        return o->set->parsed() ? run_set(*o, *store, ctx) : run_unset(*o, *store);
    };
}

}  // namespace incident::commands
