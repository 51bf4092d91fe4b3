#pragma once
// The typed failures of the core. The CLI catches them once, prints
// "incident: error: <what>" and exits with exit_code().
#include <stdexcept>
#include <string>

namespace incident {

enum class ExitCode : int { ok = 0, failure = 1, usage = 2, not_found = 3, conflict = 4 };

class Error : public std::runtime_error {
  public:
    Error(ExitCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
    ExitCode exit_code() const noexcept { return code_; }

  private:
    ExitCode code_;
};

// Bad input from the user: flags, arguments, times, message text.
class UsageError : public Error {
  public:
    explicit UsageError(const std::string& what) : Error(ExitCode::usage, what) {}
};

class NotFoundError : public Error {
  public:
    explicit NotFoundError(const std::string& what) : Error(ExitCode::not_found, what) {}
};

// The request contradicts the journal's state (e.g. updating a resolved incident).
class ConflictError : public Error {
  public:
    explicit ConflictError(const std::string& what) : Error(ExitCode::conflict, what) {}
};

// The journal file could not be read or written; nothing was changed.
class StorageError : public Error {
  public:
    explicit StorageError(const std::string& what) : Error(ExitCode::failure, what) {}
};

}  // namespace incident
