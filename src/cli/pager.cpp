#include "pager.hpp"

#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>

namespace incident::cli {
namespace {

bool on_path(const Context& ctx, const std::string& program) {
    const auto path = ctx.var("PATH");
    if (!path) return false;
    std::istringstream dirs(*path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::error_code ec;
        const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
        if (std::filesystem::is_regular_file(candidate, ec)) return true;
    }
    return false;
}

std::optional<std::string> pager_command(const Context& ctx) {
    if (!ctx.env().stdout_is_terminal || !ctx.env().out_is_process_stdout) return std::nullopt;
    // A pseudo-terminal of no size (`script` without a terminal around it) has nobody
    // reading pages; a pager there would wait for keys forever.
    if (ctx.env().terminal_columns <= 0) return std::nullopt;
    const auto pager = ctx.var("PAGER");
    if (!pager) {
        if (!on_path(ctx, "less")) return std::nullopt;
        return "less -FRX";
    }
    if (pager->empty() || *pager == "cat") return std::nullopt;
    // A pager that is not there would only add the shell's "not found" to the output.
    const auto program = pager->substr(0, pager->find(' '));
    std::error_code ec;
    const bool found = program.find('/') == std::string::npos
                           ? on_path(ctx, program)
                           : std::filesystem::is_regular_file(program, ec);
    if (!found) return std::nullopt;
    return pager;
}

}  // namespace

void page(const Context& ctx, const std::string& text) {
    const auto command = pager_command(ctx);
    if (!command) {
        ctx.out() << text;
        return;
    }
    ctx.out().flush();
    FILE* pipe = ::popen(command->c_str(), "w");
    if (pipe == nullptr) {
        ctx.out() << text;
        return;
    }
    // Quitting the pager early closes the pipe; that is not an error worth dying of.
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    std::fwrite(text.data(), 1, text.size(), pipe);
    const int status = ::pclose(pipe);
    std::signal(SIGPIPE, previous);
    // 127: the shell found no such program (a name it resolves otherwise), so nothing was shown.
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127) ctx.out() << text;
}

}  // namespace incident::cli
