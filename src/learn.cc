#include "unspin/learn.h"

namespace unspin {

struct Learner::Impl {};

Learner::Learner(LearnOptions options) : options_(options), impl_(new Impl) {}
Learner::~Learner() { delete impl_; }
Status Learner::AddPair(std::string_view, std::string_view) { return Status(StatusCode::kInternal, "not implemented"); }
std::vector<LearnedEntry> Learner::Entries() const { return {}; }
std::string Learner::ToTsv() const { return ""; }

}  // namespace unspin
