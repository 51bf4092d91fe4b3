#include "search_text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>

#include "incident/utf8.hpp"

namespace incident::store {
namespace {

bool is_cjk(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3130 && c <= 0x318F) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x2FA1F);
}

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// unicode61's token characters: letters, digits (categories L*, N*) and private use (Co);
// combining marks too, so that a decomposed letter stays one word.
bool token_character(char32_t c) {
    if (c < 0x80) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL:
        case UTF8PROC_CATEGORY_NO:
        case UTF8PROC_CATEGORY_CO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
            return true;
        default:
            return false;
    }
}

// The letters whose marks FTS5's unicode61 (remove_diacritics 2) takes off: Latin ones only
// (its table), not kana, Greek or Cyrillic (a test compares with FTS5 itself).
constexpr std::pair<char32_t, char32_t> fts5_diacritic_letters[] = {
    {0xC0, 0xC5},     {0xC7, 0xCF},    {0xD1, 0xD6},   {0xD9, 0xDD},     {0xE0, 0xE5},
    {0xE7, 0xEF},     {0xF1, 0xF6},    {0xF9, 0xFD},   {0xFF, 0x10F},    {0x112, 0x125},
    {0x128, 0x130},   {0x134, 0x137},  {0x139, 0x13E}, {0x143, 0x148},   {0x14C, 0x151},
    {0x154, 0x165},   {0x168, 0x17E},  {0x1A0, 0x1A1}, {0x1AF, 0x1B0},   {0x1CD, 0x1DC},
    {0x1DE, 0x1DF},   {0x1E6, 0x1ED},  {0x1F0, 0x1F0}, {0x1F4, 0x1F5},   {0x1F8, 0x1FB},
    {0x200, 0x21B},   {0x21E, 0x21F},  {0x226, 0x233}, {0x1E00, 0x1E99}, {0x1E9B, 0x1E9B},
    {0x1EA0, 0x1EF9}, {0x212B, 0x212B}};

bool loses_marks(char32_t c) {
    if (c >= 0x300 && c <= 0x36F) return true;  // combining marks on their own
    for (const auto& [first, last] : fts5_diacritic_letters) {
        if (c < first) return false;
        if (c <= last) return true;
    }
    return false;
}

// One code point folded by utf8proc with `options`, appended to `out`.
void map_one(utf8proc_int32_t c, int options, std::string& out) {
    utf8proc_uint8_t encoded[4];
    const auto size = utf8proc_encode_char(c, encoded);
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(encoded, size, &mapped, static_cast<utf8proc_option_t>(options));
    if (n < 0) {
        out.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(size));
        return;
    }
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

// Lower case, without the diacritics FTS5 removes.
std::string fold(std::string_view token) {
    bool ascii = true;
    for (const char c : token) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        std::string out(token);
        for (auto& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }
    std::string out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(token.data());
    auto left = static_cast<utf8proc_ssize_t>(token.size());
    while (left > 0) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(p, left, &c);
        if (n <= 0) return std::string(token);
        const bool strip = loses_marks(static_cast<char32_t>(c));
        map_one(c, UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | (strip ? UTF8PROC_STRIPMARK : 0), out);
        p += n;
        left -= n;
    }
    return out;
}

// A word of the query as the tokens it matches, in order (a phrase).
std::vector<std::vector<std::string>> phrases_of(const std::vector<std::string>& words) {
    std::vector<std::vector<std::string>> out;
    for (const auto& w : words) {
        std::vector<std::string> tokens;
        for (auto& t : tokenize(w)) tokens.push_back(std::move(t.folded));
        out.push_back(std::move(tokens));
    }
    return out;
}

struct Instance {
    std::size_t phrase;
    int position;  // of its first token
    int size;      // tokens
};

// Every place a phrase matches, by position (FTS5's xInst order).
std::vector<Instance> instances_of(const std::vector<Token>& tokens,
                                   const std::vector<std::vector<std::string>>& phrases) {
    std::vector<Instance> out;
    for (std::size_t p = 0; p < tokens.size(); ++p) {
        for (std::size_t k = 0; k < phrases.size(); ++k) {
            const auto& phrase = phrases[k];
            if (phrase.empty() || p + phrase.size() > tokens.size()) continue;
            bool match = true;
            for (std::size_t j = 0; j < phrase.size() && match; ++j) {
                match = tokens[p + j].folded == phrase[j];
            }
            if (match) out.push_back({k, static_cast<int>(p), static_cast<int>(phrase.size())});
        }
    }
    return out;
}

// fts5SnippetScore: 1000 for each phrase found in [start, start + size), 1 for each repeat;
// `adjusted` centres the window on what it found.
int window_score(const std::vector<Instance>& instances, std::size_t phrase_count, int doc_size,
                 int start, int size, int* adjusted) {
    std::vector<bool> seen(phrase_count, false);
    int score = 0, first = -1, last = 0;
    for (const auto& in : instances) {
        if (in.position < start || in.position >= start + size) continue;
        score += seen[in.phrase] ? 1 : 1000;
        seen[in.phrase] = true;
        if (first < 0) first = in.position;
        last = in.position + in.size;
    }
    if (adjusted != nullptr) {
        int adj = first - (size - (last - first)) / 2;
        if (adj + size > doc_size) adj = doc_size - size;
        if (adj < 0) adj = 0;
        *adjusted = adj;
    }
    return score;
}

}  // namespace

// Every code point of the ranges takes three or four bytes led by 0xE1 or above, a byte that
// only leads: ASCII is passed over eight bytes at a time, other bytes below 0xE1 one at a time.
bool has_cjk(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (ascii8(text, i)) {
            i += 8;
            continue;
        }
        if (static_cast<unsigned char>(text[i]) < 0xE1) {
            ++i;
            continue;
        }
        const auto c = decode_utf8(text, i);
        if (c.bytes == 0) {
            ++i;
            continue;
        }
        if (is_cjk(c.code)) return true;
        i += c.bytes;
    }
    return false;
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !continuation(c); }));
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = decode_utf8(text, i);
        const auto n = c.bytes == 0 ? 1 : c.bytes;
        if (c.bytes == 0 || !token_character(c.code)) {
            i += n;
            continue;
        }
        const auto begin = i;
        while (i < text.size()) {
            const auto d = decode_utf8(text, i);
            if (d.bytes == 0 || !token_character(d.code)) break;
            i += d.bytes;
        }
        out.push_back({begin, i, fold(text.substr(begin, i - begin))});
    }
    return out;
}

std::string folded_words(std::string_view text) {
    std::string out;
    for (const auto& t : tokenize(text)) {
        if (!out.empty()) out += ' ';
        out += t.folded;
    }
    return out;
}

void word_snippet(std::string_view text, const std::vector<std::string>& words, SearchHit& hit) {
    constexpr int window = 16;
    const std::string ellipsis = "\u2026";
    const auto tokens = tokenize(text);
    const auto phrases = phrases_of(words);
    const auto instances = instances_of(tokens, phrases);
    const int doc_size = static_cast<int>(tokens.size());
    // Sentence starts: the first token, and each token after whitespace that follows '.' or ':'.
    std::vector<int> sentences;
    for (int p = 0; p < doc_size; ++p) {
        if (p == 0) {
            sentences.push_back(0);
            continue;
        }
        auto i = tokens[static_cast<std::size_t>(p)].begin;
        char c = 0;
        bool space = false;
        while (i > 0) {
            c = text[i - 1];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            space = true;
            --i;
        }
        if (space && (c == '.' || c == ':')) sentences.push_back(p);
    }
    int best_score = 0, best_start = 0;
    for (const auto& in : instances) {
        int adjusted = 0;
        const int score =
            window_score(instances, phrases.size(), doc_size, in.position, window, &adjusted);
        if (score > best_score) {
            best_score = score;
            best_start = adjusted;
        }
        if (!sentences.empty() && doc_size > window) {
            std::size_t j = 0;
            for (; j + 1 < sentences.size(); ++j) {
                if (sentences[j + 1] > in.position) break;
            }
            if (sentences[j] < in.position) {
                const int s = window_score(instances, phrases.size(), doc_size, sentences[j],
                                           window, nullptr) +
                              (sentences[j] == 0 ? 120 : 100);
                if (s > best_score) {
                    best_score = s;
                    best_start = sentences[j];
                }
            }
        }
    }
    // Matches that overlap become one marked range (FTS5's coalesced instances).
    struct Range {
        int start, end;  // token positions, inclusive
    };
    std::vector<Range> ranges;
    for (const auto& in : instances) {
        const int end = in.position + in.size - 1;
        if (!ranges.empty() && in.position <= ranges.back().end) {
            ranges.back().end = std::max(ranges.back().end, end);
        } else {
            ranges.push_back({in.position, end});
        }
    }
    std::size_t r = 0;
    while (r < ranges.size() && ranges[r].start < best_start) ++r;

    auto& out = hit.snippet;
    out.clear();
    hit.matches.clear();
    const int range_start = best_start, range_end = best_start + window - 1;
    std::size_t offset = 0;
    std::size_t open = 0;
    if (best_start > 0) out += ellipsis;
    for (int p = 0; p < doc_size; ++p) {
        const auto& t = tokens[static_cast<std::size_t>(p)];
        if (p < range_start || p > range_end) continue;
        if (range_start > 0 && p == range_start) offset = t.begin;
        if (r < ranges.size() && p == ranges[r].start) {
            out += text.substr(offset, t.begin - offset);
            open = out.size();
            offset = t.begin;
        }
        if (r < ranges.size() && p == ranges[r].end) {
            out += text.substr(offset, t.end - offset);
            hit.matches.push_back({open, out.size()});
            offset = t.end;
            ++r;
        }
        if (p == range_end) {
            out += text.substr(offset, t.end - offset);
            offset = t.end;
            if (r < ranges.size() && p >= ranges[r].start && p < ranges[r].end) {
                hit.matches.push_back({open, out.size()});
            }
        }
    }
    if (range_end >= doc_size - 1) {
        out += text.substr(std::min(offset, text.size()));
    } else {
        out += ellipsis;
    }
}

void cjk_snippet(std::string_view text, const std::vector<std::string>& words, SearchHit& hit) {
    std::size_t first = text.size();
    for (const auto& w : words) first = std::min(first, text.find(w));
    if (first == text.size()) first = 0;
    std::size_t start = first;
    for (int n = 0; n < 8 && start > 0; ++n) {
        do --start;
        while (start > 0 && continuation(text[start]));
    }
    std::size_t end = start;
    for (int n = 0; n < 40 && end < text.size(); ++n) {
        do ++end;
        while (end < text.size() && continuation(text[end]));
    }
    auto& out = hit.snippet;
    out = start > 0 ? "\u2026" : "";
    hit.matches.clear();
    for (std::size_t i = start; i < end;) {
        std::size_t len = 0;
        for (const auto& w : words) {
            if (w.size() > len && text.substr(i, w.size()) == w) len = w.size();
        }
        if (len > 0) {
            end = std::max(end, i + len);
            hit.matches.push_back({out.size(), out.size() + len});
            out += text.substr(i, len);
            i += len;
        } else {
            out += text[i++];
        }
    }
    if (end < text.size()) out += "\u2026";
}

}  // namespace incident::store
