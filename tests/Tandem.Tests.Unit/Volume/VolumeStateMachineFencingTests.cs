using Tandem.Volume;

namespace Tandem.Tests.Unit.Volume;

/// <summary>Outdated data and I/O suspended for fencing in the volume state machine.</summary>
public sealed class VolumeStateMachineFencingTests
{
    static VolumeState Up(DiskState disk, Role role = Role.Secondary) =>
        VolumeState.Down with { Up = true, Disk = disk, Role = role, Connection = ConnectionState.Connecting };

    static Transition Apply(VolumeState s, VolumeInput i) => VolumeStateMachine.Apply(s, i, "r0");

    [Theory]
    [InlineData(true, true, false, DiskState.Consistent)]
    [InlineData(true, true, true, DiskState.UpToDate)]   // the peer was fenced: nobody else can have newer data
    [InlineData(true, false, false, DiskState.Outdated)]
    [InlineData(true, false, true, DiskState.Outdated)]
    [InlineData(false, false, true, DiskState.Inconsistent)]
    public void With_a_peer_attach_reads_Outdated_and_peer_outdated_from_the_flags(bool consistent, bool wasUpToDate, bool peerOutdated, DiskState expected)
    {
        var t = Apply(VolumeState.Down, new VolumeInput.Attached(consistent, wasUpToDate, HasPeer: true, PeerOutdated: peerOutdated));
        Assert.Equal(expected, t.State.Disk);
    }

    [Fact]
    public void Outdated_data_is_not_promoted_without_force_and_the_refusal_says_what_to_do()
    {
        var s = Up(DiskState.Outdated);
        var refused = Apply(s, new VolumeInput.Promote(false));
        Assert.True(refused.Refused);
        Assert.Equal("r0's data is Outdated: the peer went on without it; promote the peer or use --force if the peer is lost for good (tandem volume primary r0 --force)", refused.Refusal);
        var forced = Apply(s, new VolumeInput.Promote(true));
        Assert.Equal(Role.Primary, forced.State.Role);
        Assert.Equal(DiskState.UpToDate, forced.State.Disk);
    }

    [Fact]
    public void Only_a_Primary_suspends_io_and_it_cannot_be_demoted_meanwhile()
    {
        Assert.Throws<InvalidOperationException>(() => Apply(Up(DiskState.UpToDate), new VolumeInput.Suspend(Suspension.Fencing)));
        var p = Apply(Up(DiskState.UpToDate, Role.Primary), new VolumeInput.Suspend(Suspension.Fencing)).State;
        Assert.Equal(Suspension.Fencing, p.Suspended);
        Assert.EndsWith("susp:fencing", p.ToString());
        var demote = Apply(p, new VolumeInput.Demote(null));
        Assert.True(demote.Refused);
        Assert.Contains("I/O suspended: fencing", demote.Refusal);
        var resumed = Apply(p, new VolumeInput.Suspend(Suspension.None)).State;
        Assert.Equal(Suspension.None, resumed.Suspended);
        Assert.Equal(Role.Secondary, Apply(resumed, new VolumeInput.Demote(null)).State.Role);
    }
}
