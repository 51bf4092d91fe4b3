#include "render/postmortem.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct PostmortemOptions {
    std::string id;
    cli::MessageSource text;
    std::optional<std::string> at;
    std::vector<std::string> covers;
};

// --covers ID... (repeatable), or --covers none for no other incident; each id once.
std::optional<std::vector<IncidentId>> parse_covers(const std::vector<std::string>& texts) {
    if (texts.empty()) return std::nullopt;
    std::vector<IncidentId> out;
    for (const auto& text : texts) {
        if (text == "none") {
            if (texts.size() > 1) {
                throw UsageError("--covers none stands alone: it covers no other incident");
            }
            return out;
        }
        const auto id = cli::parse_id(text);
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
}

// The editor's template: the incident's timeline merged with those of the incidents it
// covers, and the follow-up actions of them all.
std::string editor_template(const ReadStore& store, const Incident& incident,
                            const std::vector<IncidentId>& covers, const Zone& zone) {
    std::vector<Incident> incidents{incident};
    for (const auto id : covers) incidents.push_back(require_incident(store, id));
    std::vector<std::vector<Update>> updates;
    ActionFilter actions;
    for (const auto& inc : incidents) {
        updates.push_back(store.updates(inc.id));
        actions.incidents.push_back(inc.id);
    }
    std::vector<render::TimelineSource> sources;
    for (std::size_t i = 0; i < incidents.size(); ++i)
        sources.push_back({incidents[i], updates[i]});
    return render::postmortem_editor_text(incident, sources, store.actions(actions), zone);
}

// The editor as git chooses it: $VISUAL, else $EDITOR, else vi.
std::string editor_command(const cli::Context& ctx) {
    for (const char* name : {"VISUAL", "EDITOR"}) {
        if (const auto v = ctx.var(name); v && !trim(*v).empty()) return *v;
    }
    return "vi";
}

class SignalsIgnored {
  public:
    SignalsIgnored() {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ::sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGINT, &ignore, &old_int_);
        ::sigaction(SIGQUIT, &ignore, &old_quit_);
    }
    SignalsIgnored(const SignalsIgnored&) = delete;
    SignalsIgnored& operator=(const SignalsIgnored&) = delete;
    ~SignalsIgnored() {
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGQUIT, &old_quit_, nullptr);
    }

  private:
    struct sigaction old_int_ {};
    struct sigaction old_quit_ {};
};

// Runs the editor on FILE on the terminal the command runs on, as git does: a plain command
// name directly, anything with shell syntax (arguments, quotes, ...) as
// `sh -c '<editor> "$@"' <editor> FILE`. Throws unless the editor exits with status 0.
// `not_started` runs when no editor could be started (nothing was typed, nothing to keep).
void run_editor(const cli::Context& ctx, const std::string& editor, const std::string& file,
                const std::function<void()>& not_started) {
    const bool plain = editor.find_first_of("|&;<>()$`\\\"' \t\n*?[#~=%") == std::string::npos;
    std::vector<std::string> args =
        plain ? std::vector<std::string>{editor, file}
              : std::vector<std::string>{"sh", "-c", editor + " \"$@\"", editor, file};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> vars;
    for (const auto& [key, value] : ctx.env().vars) vars.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (auto& v : vars) envp.push_back(v.data());
    envp.push_back(nullptr);
    // Like git, ignore ^C and ^\ while the editor has the terminal (they are the editor's to
    // handle); the editor itself gets the default actions back.
    const SignalsIgnored ignored;
    posix_spawnattr_t attr;
    ::posix_spawnattr_init(&attr);
    sigset_t defaults;
    ::sigemptyset(&defaults);
    ::sigaddset(&defaults, SIGINT);
    ::sigaddset(&defaults, SIGQUIT);
    ::posix_spawnattr_setsigdefault(&attr, &defaults);
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, argv[0], nullptr, &attr, argv.data(), envp.data());
    ::posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        not_started();
        throw Error(ExitCode::failure,
                    fmt::format("cannot start the editor ({}): {}", editor, std::strerror(rc)));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw Error(ExitCode::failure,
                        fmt::format("lost the editor ({}): {}", editor, std::strerror(errno)));
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error(
            ExitCode::failure,
            fmt::format("the editor ({}) failed ({}); nothing was written; your text is "
                        "kept in {}",
                        visible(editor),
                        WIFEXITED(status) ? fmt::format("exit status {}", WEXITSTATUS(status))
                                          : fmt::format("signal {}", WTERMSIG(status)),
                        file));
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ExitCode::failure, fmt::format("cannot read {}", path));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The editor's temporary file: removed unless it holds text the user wrote that was not
// recorded (editor failure, bad text, failed write); error messages then give its path.
class EditorFile {
  public:
    explicit EditorFile(const cli::Context& ctx) {
        const auto dir = ctx.var("TMPDIR").value_or("/tmp");
        path_ =
            (std::filesystem::path(dir.empty() ? "/tmp" : dir) / "incident-postmortem-XXXXXX.md")
                .string();
        const int fd = ::mkostemps(path_.data(), 3, O_CLOEXEC);
        if (fd < 0) {
            throw Error(ExitCode::failure, fmt::format("cannot create a temporary file in {}: {}",
                                                       dir, std::strerror(errno)));
        }
        ::close(fd);
    }
    EditorFile(const EditorFile&) = delete;
    EditorFile& operator=(const EditorFile&) = delete;
    ~EditorFile() {
        if (remove_) ::unlink(path_.c_str());
    }
    const std::string& path() const { return path_; }
    void keep() { remove_ = false; }
    void discard() { remove_ = true; }
    void write(const std::string& text) const {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) throw Error(ExitCode::failure, fmt::format("cannot write {}", path_));
    }

  private:
    std::string path_;
    bool remove_ = true;
};

int run_postmortem(const PostmortemOptions& o, WriteStore& store, const cli::Context& ctx) {
    const auto id = cli::parse_id(o.id);
    const auto zone = ctx.zone(store);
    PostmortemRequest request;
    request.id = id;
    request.zone = zone;
    if (o.at) request.at = ctx.parse_at(*o.at, zone);
    request.covers = parse_covers(o.covers);
    const auto incident = require_incident(store, id);
    // Refused before anyone types a postmortem into the editor.
    check_postmortem(store, id, request.covers);
    const bool has_own = has_own_postmortem(incident);

    std::optional<EditorFile> file;
    if (o.text.file) {
        request.body = *cli::read_message(o.text, ctx);
    } else if (request.covers && has_own) {
        // Only the set changes; the text stays (request.body empty).
    } else {
        if (!ctx.env().stdin_is_terminal || !ctx.env().stdout_is_terminal) {
            throw UsageError(
                "no postmortem text: pass -F FILE (or -F - to read standard input); the editor "
                "opens only on a terminal");
        }
        const auto original =
            editor_template(store, incident, request.covers.value_or(store.covers(id)), zone);
        const auto editor = editor_command(ctx);
        file.emplace(ctx);
        file->write(original);
        file->keep();  // until the text is recorded or found empty or unchanged
        run_editor(ctx, editor, file->path(), [&] { file->discard(); });
        const auto edited = render::strip_editor_comments(read_file(file->path()));
        if (trim(edited).empty()) {
            file->discard();
            throw Error(ExitCode::failure, "aborted: the postmortem is empty; nothing was written");
        }
        if (edited == render::strip_editor_comments(original)) {
            file->discard();
            throw Error(ExitCode::failure,
                        "aborted: the postmortem was left unchanged; nothing was written");
        }
        if (auto problem = check_user_text("the postmortem", edited, max_body_bytes)) {
            throw UsageError(fmt::format("{}; your text is kept in {}", *problem, file->path()));
        }
        request.body = render::drop_untouched_template(edited);
        if (trim(request.body).empty()) {
            file->discard();
            throw Error(ExitCode::failure,
                        "aborted: the postmortem has only empty template sections; nothing was "
                        "written");
        }
    }

    PostmortemOutcome outcome{};
    try {
        outcome = publish_postmortem(store, request, ctx.now());
    } catch (const Error& e) {
        if (file)
            throw Error(e.exit_code(),
                        fmt::format("{}; your text is kept in {}", e.what(), file->path()));
        throw;
    }
    if (file) file->discard();
    const auto covers = store.covers(id);
    if (outcome != PostmortemOutcome::unchanged) {
        std::vector<IncidentId> open;
        if (incident.status != Status::resolved) open.push_back(id);
        for (const auto other : covers) {
            if (!is_closed(require_incident(store, other).status)) open.push_back(other);
        }
        if (open.size() == 1) {
            ctx.err() << fmt::format(
                "incident: warning: incident {} is still open; the postmortem is published "
                "anyway\n",
                open.front());
        } else if (open.size() > 1) {
            ctx.err() << fmt::format(
                "incident: warning: incidents {} are still open; the postmortem is published "
                "anyway\n",
                fmt::join(open, ", "));
        }
    }
    const auto covering = covers.empty()
                              ? std::string()
                              : fmt::format(", covering incident{} {}",
                                            covers.size() == 1 ? "" : "s", fmt::join(covers, ", "));
    if (ctx.global().json) {
        const auto after = require_incident(store, id);
        const auto updates = store.updates(id);
        ctx.out() << render::incident_json(after, &updates) << '\n';
    } else if (!ctx.global().quiet) {
        switch (outcome) {
            case PostmortemOutcome::published:
                ctx.out() << fmt::format("Published the postmortem of incident {}{}\n", id,
                                         covering);
                break;
            case PostmortemOutcome::replaced:
                ctx.out() << fmt::format(
                    "Replaced the postmortem of incident {}{} (earlier versions are kept: "
                    "'incident show {} --history')\n",
                    id, covering, id);
                break;
            case PostmortemOutcome::unchanged:
                ctx.out() << fmt::format(
                    "The postmortem of incident {} already says that; nothing was written\n", id);
                break;
        }
    }
    return 0;
}

}  // namespace

Runner declare_postmortem(CLI::App& app) {
    auto o = std::make_shared<PostmortemOptions>();
    app.add_option("id", o->id, "Incident id")->required()->type_name("ID");
    app.add_option("-F,--file", o->text.file,
                   "Read the postmortem (Markdown) from FILE (\"-\" for standard input); without "
                   "it, opens $VISUAL/$EDITOR on a terminal")
        ->type_name("FILE");
    cli::declare_at(app, o->at, "Posted");
    app.add_option("--covers", o->covers,
                   "Also about incident ID: its reports show this postmortem, which begins "
                   "\"Regarding incidents:\" (repeatable; replaces the set, kept in the history; "
                   "\"none\" for no other)")
        ->type_name("ID")
        ->allow_extra_args(false);
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_postmortem(*o, *store, ctx);
    };
}

}  // namespace incident::commands
