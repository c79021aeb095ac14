using Tandem.Volume;

namespace Tandem.Tests.Unit.Volume;

public sealed class VolumeStateMachineTests
{
    static VolumeState Up(DiskState disk, Role role = Role.Secondary) =>
        VolumeState.Down with { Up = true, Disk = disk, Role = role };

    static Transition Apply(VolumeState s, VolumeInput i) => VolumeStateMachine.Apply(s, i, "r0");

    [Theory]
    [InlineData(false, false, DiskState.Inconsistent)]
    [InlineData(true, false, DiskState.Consistent)]
    [InlineData(true, true, DiskState.UpToDate)]
    public void Attach_derives_the_disk_state_from_the_metadata_flags(bool consistent, bool wasUpToDate, DiskState expected)
    {
        var t = Apply(VolumeState.Down, new VolumeInput.Attached(consistent, wasUpToDate));
        Assert.False(t.Refused);
        Assert.Equal(expected, t.State.Disk);
        Assert.Equal(Role.Secondary, t.State.Role);
        Assert.Equal(ConnectionState.StandAlone, t.State.Connection);
    }

    [Fact]
    public void Promotion_of_data_that_is_not_UpToDate_needs_force()
    {
        var s = Up(DiskState.Inconsistent);
        var refused = Apply(s, new VolumeInput.Promote(false));
        Assert.True(refused.Refused);
        Assert.Contains("--force", refused.Refusal);
        Assert.Same(s, refused.State);
        var forced = Apply(s, new VolumeInput.Promote(true));
        Assert.Equal(Role.Primary, forced.State.Role);
        Assert.Equal(DiskState.UpToDate, forced.State.Disk);
    }

    [Fact]
    public void Only_one_primary_even_with_force()
    {
        var s = Up(DiskState.UpToDate) with { PeerRole = Role.Primary };
        Assert.True(Apply(s, new VolumeInput.Promote(true)).Refused);
    }

    [Fact]
    public void A_down_or_diskless_volume_cannot_be_promoted()
    {
        Assert.True(Apply(VolumeState.Down, new VolumeInput.Promote(true)).Refused);
        Assert.True(Apply(Up(DiskState.Diskless), new VolumeInput.Promote(true)).Refused);
    }

    [Fact]
    public void Demotion_is_refused_while_held_and_names_the_holder()
    {
        var s = Up(DiskState.UpToDate, Role.Primary);
        var t = Apply(s, new VolumeInput.Demote("process 42 (mysqld)"));
        Assert.True(t.Refused);
        Assert.Contains("process 42 (mysqld)", t.Refusal);
        Assert.Equal(Role.Secondary, Apply(s, new VolumeInput.Demote(null)).State.Role);
    }

    [Fact]
    public void Repeated_commands_succeed_without_change()
    {
        var p = Up(DiskState.UpToDate, Role.Primary);
        var again = Apply(p, new VolumeInput.Promote(false));
        Assert.False(again.Refused);
        Assert.False(again.Changed);
        var sec = Up(DiskState.UpToDate);
        Assert.False(Apply(sec, new VolumeInput.Demote("ignored: already Secondary")).Refused);
        Assert.False(Apply(VolumeState.Down, new VolumeInput.Detach()).Changed);
    }

    [Fact]
    public void A_primary_cannot_be_detached()
    {
        var t = Apply(Up(DiskState.UpToDate, Role.Primary), new VolumeInput.Detach());
        Assert.True(t.Refused);
        Assert.Contains("secondary", t.Refusal);
    }

    [Fact]
    public void A_disk_error_marks_the_disk_failed()
    {
        var t = Apply(Up(DiskState.UpToDate, Role.Primary), new VolumeInput.DiskFailed());
        Assert.Equal(DiskState.Failed, t.State.Disk);
    }

    [Fact]
    public void Attaching_twice_is_a_programming_error_not_a_silent_no_op()
    {
        Assert.Throws<InvalidOperationException>(() => Apply(Up(DiskState.UpToDate), new VolumeInput.Attached(true, true)));
    }
}
