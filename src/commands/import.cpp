#include "incident/import.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/json_writer.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ImportOptions {
    std::string file;
};

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Standard input is copied to an unlinked temporary file first (it is read twice on a
// seekable file).
File spool(std::istream& in, const std::string& temp_dir) {
    const int fd = temporary_file(temp_dir);
    File tmp(::fdopen(fd, "w+b"));
    if (!tmp) {
        ::close(fd);
        throw StorageError("cannot create a temporary file for standard input");
    }
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        const auto n = static_cast<std::size_t>(in.gcount());
        if (std::fwrite(buffer, 1, n, tmp.get()) != n) {
            throw StorageError("cannot write a temporary copy of standard input");
        }
    }
    if (in.bad()) throw UsageError("cannot read standard input");
    if (std::fflush(tmp.get()) != 0 || std::fseek(tmp.get(), 0, SEEK_SET) != 0) {
        throw StorageError("cannot write a temporary copy of standard input");
    }
    return tmp;
}

int run_import(const ImportOptions& o, WriteStore& store, const cli::Context& ctx) {
    std::string name;
    File file;
    const auto temp_dir = ctx.var("TMPDIR").value_or("");
    if (o.file == "-") {
        name = "standard input";
        file = spool(ctx.in(), temp_dir);
    } else {
        name = visible(o.file);
        std::error_code ec;
        if (std::filesystem::is_directory(o.file, ec)) {
            throw UsageError(fmt::format("cannot read file \"{}\": it is a directory", name));
        }
        file.reset(std::fopen(o.file.c_str(), "rb"));
        if (!file) throw UsageError(fmt::format("cannot open file \"{}\"", name));
    }
    const auto result = import_file(store, file.get(), name, ctx.now(), temp_dir);
    const auto not_kept = describe_not_kept(result.not_kept);
    if (ctx.global().json) {
        std::string out;
        json::Writer w(out);
        const auto list = [&w](const std::vector<std::pair<std::string, IncidentId>>& items) {
            w.begin_array();
            for (const auto& [source, id] : items) {
                w.begin_object().member("source_id", source).member("id", id).end();
            }
            w.end();
        };
        w.begin_object().key("imported");
        list(result.imported);
        w.key("skipped");
        list(result.skipped);
        w.member("updates", result.updates).key("not_kept").begin_object();
        for (const auto& [kind, n] : result.not_kept) w.member(kind, n);
        w.end().end();
        ctx.out() << out << '\n';
        return 0;
    }
    if (ctx.global().quiet) {
        for (const auto& [source, id] : result.imported) ctx.out() << id << '\n';
        return 0;
    }
    const auto incidents = result.imported.size() - result.maintenances;
    ctx.out() << fmt::format(
        "Imported {} incident{}{} ({} update{}) from {}\n", incidents, incidents == 1 ? "" : "s",
        result.maintenances == 0
            ? ""
            : fmt::format(" and {} scheduled maintenance{}", result.maintenances,
                          result.maintenances == 1 ? "" : "s"),
        result.updates, result.updates == 1 ? "" : "s", name);
    for (const auto& [source, id] : result.imported) {
        ctx.out() << fmt::format("  {} -> incident {}\n", visible(source), id);
    }
    if (!result.skipped.empty()) {
        ctx.out() << fmt::format("Skipped {} imported before:\n", result.skipped.size());
        for (const auto& [source, id] : result.skipped) {
            ctx.out() << fmt::format("  {} = incident {}\n", visible(source), id);
        }
    }
    if (!not_kept.empty()) {
        ctx.out() << fmt::format("Not kept (the journal has no place for them): {}\n", not_kept);
    }
    if (result.set_name) ctx.out() << "Set the journal's name from the page\n";
    if (result.set_time_zone) ctx.out() << "Set the journal's timezone from the page\n";
    return 0;
}

}  // namespace

Runner declare_import(CLI::App& app) {
    auto o = std::make_shared<ImportOptions>();
    app.add_option("file", o->file,
                   "Statuspage-shaped JSON (what 'export --format json' writes); \"-\" for "
                   "standard input")
        ->required()
        ->type_name("FILE");
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_import(*o, *store, ctx);
    };
}

}  // namespace incident::commands
