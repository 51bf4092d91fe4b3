#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <sstream>

#include "cli/app.hpp"

using namespace incident;

// The man page is the written-down interface: every command and option of the real command
// line must appear in it. Commands are found by walking the CLI11 definition, so a command
// added later is checked as soon as it is registered.
namespace {

std::string read_man_page() {
    std::ifstream in(std::string(INCIDENT_SOURCE_DIR) + "/docs/incident.1");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// roff source to searchable text: font changes dropped, "\-" a plain hyphen.
std::string plain(std::string_view roff) {
    std::string out;
    for (std::size_t i = 0; i < roff.size(); ++i) {
        if (roff[i] == '\\' && i + 1 < roff.size()) {
            if (roff[i + 1] == 'f' && i + 2 < roff.size()) {
                i += 2;
                continue;
            }
            if (roff[i + 1] == '-') {
                out += '-';
                ++i;
                continue;
            }
        }
        if (roff[i] == '"') continue;
        out += roff[i];
    }
    return out;
}

struct Section {
    std::string heading;  // plain text of the .SS line
    std::string body;     // plain text up to the next .SS or .SH
};

std::vector<Section> sections(const std::string& roff, const std::string& macro) {
    std::vector<Section> out;
    std::istringstream lines(roff);
    std::string line;
    Section* current = nullptr;
    while (std::getline(lines, line)) {
        if (line.rfind(".SS ", 0) == 0 || line.rfind(".SH ", 0) == 0) {
            current = nullptr;
            if (line.rfind(macro + " ", 0) == 0) {
                out.push_back({plain(line.substr(macro.size() + 1)), ""});
                current = &out.back();
            }
            continue;
        }
        if (current != nullptr) current->body += plain(line) + "\n";
    }
    return out;
}

// `word` occurs in `text` and is not part of a longer option or word.
bool mentions(const std::string& text, const std::string& word) {
    const auto is_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    };
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const auto end = at + word.size();
        if ((at == 0 || !is_word(text[at - 1])) && (end == text.size() || !is_word(text[end]))) {
            return true;
        }
    }
    return false;
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// The section whose heading starts with the command's words ("config set" for config set).
const Section* section_for(const std::vector<Section>& all, const std::string& path) {
    for (const auto& s : all) {
        if (s.heading == path || s.heading.rfind(path + " ", 0) == 0) return &s;
        // "config get [KEY] | config set KEY VALUE | ..." documents several subcommands.
        if (s.heading.find("| " + path + " ") != std::string::npos) return &s;
    }
    return nullptr;
}

void check_command(const CLI::App& app, const std::string& path, const std::vector<Section>& all,
                   int& checked) {
    const auto* section = section_for(all, path);
    INFO("command: incident " << path);
    REQUIRE(section != nullptr);
    const auto text = section->heading + "\n" + section->body;
    for (const auto* opt : app.get_options()) {
        if (opt == app.get_help_ptr()) continue;
        if (opt->get_positional()) {
            INFO("positional: " << opt->get_name());
            CHECK((mentions(text, upper(opt->get_name())) || mentions(text, opt->get_type_name())));
            continue;
        }
        for (const auto& l : opt->get_lnames()) {
            INFO("option: --" << l);
            CHECK(mentions(text, "--" + l));
        }
        for (const auto& s : opt->get_snames()) {
            INFO("option: -" << s);
            CHECK(mentions(text, "-" + s));
        }
    }
    ++checked;
    for (const auto* sub : cli::visible_subcommands(app)) {
        check_command(*sub, path + " " + sub->get_name(), all, checked);
    }
}

}  // namespace

TEST_CASE("the man page documents every command and each of its options", "[man]") {
    const auto roff = read_man_page();
    const auto commands = sections(roff, ".SS");
    const auto command_line = cli::make_command_line();
    int checked = 0;
    for (const auto* sub : cli::visible_subcommands(command_line->app)) {
        check_command(*sub, sub->get_name(), commands, checked);
    }
    CHECK(checked >= 10);
}

TEST_CASE("the man page documents every global option", "[man]") {
    const auto roff = read_man_page();
    const auto top = sections(roff, ".SH");
    const auto options = std::find_if(top.begin(), top.end(),
                                      [](const Section& s) { return s.heading == "OPTIONS"; });
    REQUIRE(options != top.end());
    const auto command_line = cli::make_command_line();
    for (const auto* opt : command_line->app.get_options()) {
        for (const auto& l : opt->get_lnames()) {
            INFO("--" << l);
            CHECK(mentions(options->body, "--" + l));
        }
        for (const auto& s : opt->get_snames()) {
            INFO("-" << s);
            CHECK(mentions(options->body, "-" + s));
        }
    }
}

TEST_CASE("the man page has the sections a man page needs", "[man]") {
    const auto roff = read_man_page();
    std::vector<std::string> headings;
    for (const auto& s : sections(roff, ".SH")) headings.push_back(s.heading);
    for (const auto* name : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS",
                             "ENVIRONMENT", "FILES", "EXIT STATUS"}) {
        INFO(name);
        CHECK(std::find(headings.begin(), headings.end(), name) != headings.end());
    }
    REQUIRE(roff.find("\n.TH INCIDENT 1 ") != std::string::npos);
    CHECK(roff.find("\"incident " INCIDENT_VERSION "\"") != std::string::npos);
}

TEST_CASE("the section finder and word matcher behave", "[man]") {
    CHECK(plain(R"(.BR \-\-status " \fIWHICH\fP")") == ".BR --status  WHICH");
    CHECK(mentions("use --status here", "--status"));
    CHECK_FALSE(mentions("use --status-x here", "--status"));
    CHECK_FALSE(mentions("--no-color", "--no"));
    CHECK(mentions("-n, --limit", "-n"));
    const std::vector<Section> all{{"show ID [--history]", ""},
                                   {"config get [KEY] | config set KEY VALUE", ""}};
    CHECK(section_for(all, "show") == &all[0]);
    CHECK(section_for(all, "config") == &all[1]);
    CHECK(section_for(all, "config set") == &all[1]);
    CHECK(section_for(all, "sh") == nullptr);
}
