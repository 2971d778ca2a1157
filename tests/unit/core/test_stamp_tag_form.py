"""A `:tf` version-file entry writes the tag as the tag format spells it, suffix included,
and a tag with no version in it is refused with a message naming the tag and the variable."""

from __future__ import annotations

import pytest

from releaser.core.stamp import StampError, VersionFile, stamp_file

ENTRY = VersionFile.parse("v.py:V:tf")


def test_a_tag_with_a_suffix_after_the_version_is_written_whole() -> None:
    text = 'V = "v1.2.0_final"\nW = "v1.2.0_other"\n'
    done = stamp_file(text, ENTRY, new="1.3.0", old="1.2.0", tag="v1.3.0_final")
    assert done == 'V = "v1.3.0_final"\nW = "v1.2.0_other"\n'


def test_a_tag_without_a_version_is_refused_by_name() -> None:
    with pytest.raises(StampError) as caught:
        stamp_file('V = "x"\n', ENTRY, new="1.3.0", old="1.2.0", tag="release")
    assert str(caught.value) == "the tag 'release' holds no version to write for 'V'"
