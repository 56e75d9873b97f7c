#pragma once
// Traditional and Simplified Chinese: labels are compared in Simplified characters.
//
// Reports are published in Simplified characters; some web sites offer a Traditional version
// made by a converter, either character by character (规范性文件 -> 規範性文件) or with Taiwan
// phrases as well (规范性文件 -> 規範性檔案, 信息 -> 資訊). OpenCC (libopencc) does both ways:
//   - to_simplified (OpenCC t2s: characters, and phrases only where a character has several
//     Simplified forms) turns either Traditional version into Simplified characters, and leaves
//     Simplified text as it is (checked on every label of the models and the corpora);
//   - the Taiwan phrases cannot be undone on the printed text (tw2sp also turns the mainland's
//     文件 into 文档 and 建立 into 创建), so the label index adds, for each label of the model,
//     its Taiwan-phrased spelling brought back to Simplified characters
//     (to_simplified(to_taiwan_phrases(label)): 规范性文件 -> 规范性档案), which a printed
//     規範性檔案 becomes.
// ICU's Traditional-Simplified transliterator converts characters only and has no Taiwan phrases.
#include <string>
#include <string_view>

namespace nianbao::resolve {

// OpenCC t2s; the text unchanged when it has no character to convert. Well-formed UTF-8 in.
std::string to_simplified(std::string_view utf8);
// OpenCC s2twp: Simplified to Traditional with Taiwan phrases (for the label index only).
std::string to_taiwan_phrases(std::string_view utf8);
// Whether `utf8` has a code point OpenCC may convert (a CJK ideograph, or one of the compatibility
// and radical blocks): texts without one are not given to OpenCC.
bool has_han(std::string_view utf8) noexcept;

}  // namespace nianbao::resolve
