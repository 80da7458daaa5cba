// singular(): see words.h.
#include "core/words.h"

namespace om {

std::string singular(std::string_view word) {
  std::string w(word);
  auto ends = [&](std::string_view s) { return w.ends_with(s); };
  if (ends("children")) {
    return w.substr(0, w.size() - 3);
  }
  if (ends("people")) {
    return w.substr(0, w.size() - 6) + "person";
  }
  if (ends("ies") && w.size() > 4) {
    return w.substr(0, w.size() - 3) + "y";
  }
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("uses") ||
      ends("iases") || ends("zzes")) {
    return w.substr(0, w.size() - 2);
  }
  if (ends("s") && !ends("ss") && !ends("us") && !ends("is") && w.size() > 2) {
    return w.substr(0, w.size() - 1);
  }
  return w;
}

}  // namespace om
