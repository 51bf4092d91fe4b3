#pragma once
// Search helpers the backends share (internal to src/store/): which texts are CJK, how a text
// splits into words the way SQLite FTS5's unicode61 tokenizer splits it (letters, digits and
// private-use characters; case and diacritics folded), and snippets like FTS5's snippet().
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incident/store.hpp"

namespace incident::store {

// Han, kana and Hangul, the scripts written without spaces (migration 6's GLOB class).
bool has_cjk(std::string_view text);
std::size_t code_points(std::string_view text);

struct Token {
    std::size_t begin = 0;  // byte range in the text
    std::size_t end = 0;
    std::string folded;  // lower case, without diacritics
};
std::vector<Token> tokenize(std::string_view text);
// The text's folded tokens, one space between each: what a server's word index holds.
std::string folded_words(std::string_view text);

// FTS5's snippet() with 16 tokens and '…': the window with the most of the words (a word
// may be several tokens, matched as a phrase), preferring one that starts a sentence, every
// match marked in `hit`.
void word_snippet(std::string_view text, const std::vector<std::string>& words, SearchHit& hit);
// For CJK words, matched as substrings: a few characters around the first match, every
// match marked.
void cjk_snippet(std::string_view text, const std::vector<std::string>& words, SearchHit& hit);

}  // namespace incident::store
