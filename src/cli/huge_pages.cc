#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "commands.h"

namespace unspin::cli {

// glibc backs malloc with transparent huge pages only when asked at start-up
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1). Where the kernel gives them only on request
// ("madvise"), every 4 KiB page unspin touches is a page fault of its own, and in a virtual
// machine those faults were a third of the run time (README, "Where the time goes"). So the program
// starts itself again, once, with the tunable set; if that fails it goes on as it is.
void RestartWithHugePages(char** argv) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  (void)argv;  // the sanitizers bring their own malloc
#else
  if (std::getenv("UNSPIN_NO_HUGE_PAGES")) return;
  const char* found = std::getenv("GLIBC_TUNABLES");
  const bool had_tunables = found != nullptr;
  const std::string tunables = had_tunables ? found : "";
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;  // set, or restarted already
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  if (!std::getline(setting, line) || line.find("[madvise]") == std::string::npos) return;
  const std::string value = tunables + (tunables.empty() ? "" : ":") + "glibc.malloc.hugetlb=1";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  // By its own path, not /proc/self/exe: the process keeps its name in ps and top.
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length > 0) {
    self[length] = '\0';
    ::execv(self, argv);
  }
  // Still here: the restart failed. Leave the environment as it was.
  if (had_tunables) {
    ::setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
#endif
}

}  // namespace unspin::cli
