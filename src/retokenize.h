// Tokens of an edited text from the tokens of the text before the edits: only the stretch
// around each edit is tokenized again, so a repair or a rewrite in a megabyte piece does not
// cost a tokenization of the whole piece.
#pragma once

#include <string_view>
#include <vector>

#include "edit_layer.h"
#include "unspin/status.h"
#include "unspin/tokenizer.h"

namespace unspin::internal {

// Makes `tokens` (the tokens of layer.source()) the tokens of layer.target(): exactly what
// tokenizer.Tokenize(layer.target()) gives. White space is a word boundary on both sides, so
// each edit is tokenized again from the nearest white space before it that no edit touches to
// the nearest one after it; everything else is the old tokens, moved. (A combining mark after
// white space joins the white space, which is why the space before must be untouched and so
// must the character after it, and why a stretch that now ends in white space joins the space
// after it.) tests/unit/tokenizer_test.cc checks it against Tokenize on random edits.
Status Retokenize(Tokenizer& tokenizer, const EditLayer& layer, std::vector<Token>* tokens);

}  // namespace unspin::internal
