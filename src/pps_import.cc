#include "pps_import.h"

namespace unspin::internal {

bool LooksLikePpsCsv(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return content.starts_with(kPpsHeader);
}

StatusOr<std::vector<Entry>> ParsePpsCsv(std::string_view, const std::string& source_name) {
  return InvalidArgument(source_name + ": PPS import not implemented yet");
}

}  // namespace unspin::internal
