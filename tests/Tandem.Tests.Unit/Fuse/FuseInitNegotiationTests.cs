using Tandem.Fuse;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

public class FuseInitNegotiationTests
{
    static FuseInitIn Kernel(uint major, uint minor, FuseInitFlags flags) =>
        new() { Major = major, Minor = minor, MaxReadahead = 131072, Flags = (uint)flags, Flags2 = (uint)((ulong)flags >> 32) };

    [Fact]
    public void New_kernel_gets_our_minor_and_the_wanted_flags_only()
    {
        var all = (FuseInitFlags)(ulong.MaxValue >> 22); // everything up to bit 41
        var d = FuseInitNegotiation.Negotiate(Kernel(7, 45, all), 1 << 20, 48);
        Assert.Equal(FuseInitOutcome.Accepted, d.Outcome);
        Assert.Equal(7U, d.Reply.Major);
        Assert.Equal(FuseInitNegotiation.MaxMinor, d.Reply.Minor);
        var granted = (FuseInitFlags)d.Reply.Flags;
        Assert.Equal(FuseInitNegotiation.Wanted, granted);
        Assert.False(granted.HasFlag(FuseInitFlags.WritebackCache));
        Assert.True(granted.HasFlag(FuseInitFlags.MaxPages));
        Assert.Equal(1U << 20, d.Reply.MaxWrite);
        Assert.Equal(256, d.Reply.MaxPages);
        Assert.Equal(131072U, d.Reply.MaxReadahead);
        Assert.Equal(0U, d.Reply.Flags2);
    }

    [Fact]
    public void Flags_the_kernel_does_not_offer_are_not_granted()
    {
        var d = FuseInitNegotiation.Negotiate(Kernel(7, 31, FuseInitFlags.AsyncRead | FuseInitFlags.WritebackCache), 1 << 20, 48);
        Assert.Equal(FuseInitOutcome.Accepted, d.Outcome);
        Assert.Equal(31U, d.Reply.Minor);
        Assert.Equal((uint)FuseInitFlags.AsyncRead, d.Reply.Flags);
    }

    [Fact]
    public void Newer_major_gets_our_version_and_a_retry()
    {
        var d = FuseInitNegotiation.Negotiate(Kernel(8, 1, FuseInitFlags.None), 1 << 20, 48);
        Assert.Equal(FuseInitOutcome.Retry, d.Outcome);
        Assert.Equal(7U, d.Reply.Major);
    }

    [Fact]
    public void Old_kernel_is_refused_with_eproto()
    {
        var d = FuseInitNegotiation.Negotiate(Kernel(7, 22, FuseInitFlags.None), 1 << 20, 48);
        Assert.Equal(FuseInitOutcome.Refused, d.Outcome);
        Assert.Equal(71, d.Errno);
    }
}
