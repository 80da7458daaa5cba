// Placeholder until the SDK archives extractor lands: records that the document was not read.
#include "extract/detail/extractors.h"

namespace om::extract::detail {

Extraction extract_sdk_archive(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kSdk;
  e.error = "SDK archives are not read yet: " + doc.url;
  return e;
}

}  // namespace om::extract::detail
