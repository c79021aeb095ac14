using Tandem.Fuse;

namespace Tandem.Tests.Unit.Fuse;

public class MountInfoEntryTests
{
    [Fact]
    public void Parses_a_fuse_line_with_optional_fields()
    {
        var e = MountInfoEntry.Parse("412 27 0:39 / /run/tandem/fuse/r0 rw,nosuid,nodev,relatime shared:220 - fuse.tandem tandem rw,user_id=0,group_id=0,default_permissions,allow_other");
        Assert.NotNull(e);
        Assert.Equal("/run/tandem/fuse/r0", e.MountPoint);
        Assert.Equal("fuse.tandem", e.FsType);
        Assert.Equal("tandem", e.Source);
        Assert.Equal(0U, e.Major);
        Assert.Equal(39U, e.Minor);
    }

    [Fact]
    public void Unescapes_octal_sequences()
    {
        var e = MountInfoEntry.Parse(@"1 2 8:1 / /mnt/a\040b\134c rw - ext4 /dev/sda1 rw");
        Assert.Equal(@"/mnt/a b\c", e!.MountPoint);
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        Assert.Null(MountInfoEntry.Parse("garbage"));
        Assert.Null(MountInfoEntry.Parse("1 2 x / /mnt rw - ext4 /dev/sda1 rw"));
    }
}
