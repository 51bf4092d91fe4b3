#pragma once
// The options open, update and resolve share, and how their results are printed.
#include <optional>
#include <string>
#include <vector>

#include "cli/io.hpp"
#include "incident/journal.hpp"

namespace incident::commands {

enum class PostKind { open, schedule, update, resolve };

struct PostFields {
    PostKind kind = PostKind::update;  // set by declare_post_fields
    cli::MessageSource message;
    std::optional<std::string> status;
    std::optional<std::string> impact;
    std::vector<std::string> components;
    std::optional<std::string> at;
    std::optional<std::string> author;
    std::optional<std::string> key;
    std::vector<std::string> marks;  // open, update, resolve
    bool internal = false;           // update only
};

// Declares the options `kind` takes (resolve takes no status or impact; schedule no status
// or impact).
void declare_post_fields(CLI::App& app, PostFields& fields, PostKind kind);

// --author if given (checked), else the login name (config, then $USER). On a journal on a
// server, the database login: --author is refused unless it names that login.
std::string author_of(const std::optional<std::string>& option, const cli::Context& ctx,
                      const WriteStore& store);

// Checks the fields and fills an UpdateRequest (message checked but possibly empty).
UpdateRequest update_request(const PostFields& fields, IncidentId id, const cli::Context& ctx,
                             const WriteStore& store, const Zone& zone);

// Prints what was recorded: a sentence, -q nothing, --json the update or incident.
void print_recorded(const cli::Context& ctx, const ReadStore& store, const Recorded& recorded,
                    PostKind kind);

}  // namespace incident::commands
