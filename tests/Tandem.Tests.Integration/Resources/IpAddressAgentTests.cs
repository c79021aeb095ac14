using Tandem.Resources.Agents;
using Tandem.Resources.Agents.IpAddress;
using Tandem.Resources.Specs;
using static Tandem.Tests.Integration.Resources.AgentTestContext;

namespace Tandem.Tests.Integration.Resources;

/// <summary>The IPaddr agent for real, in network namespaces: a third node reaches the address before and after it moves.</summary>
public class IpAddressAgentTests
{
    const string Vip = NetnsLab.Subnet + ".100";

    [Fact]
    public async Task The_address_moves_between_nodes_and_a_third_node_reaches_it_before_and_after()
    {
        using var lab = new NetnsLab("a", "b", "c");
        var spec = (IpAddressSpec)ResourceSpecParser.Parse($"IPaddr::{Vip}/24/eth0");
        var onA = new IpAddressAgent(spec, For("a", lab.Prefix("a")));
        var onB = new IpAddressAgent(spec, For("b", lab.Prefix("b")));

        Assert.Equal(AgentOutcome.NotRunning, (await Run(onA, AgentAction.Monitor)).Outcome);
        Assert.False(lab.Ping("c", Vip));

        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Start));
        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Monitor));
        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Start)); // already there: still success
        Assert.True(lab.Ping("c", Vip));
        Assert.Equal(lab.Mac("a"), lab.NeighbourMac("c", Vip));

        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Stop));
        Assert.Equal(AgentOutcome.NotRunning, (await Run(onA, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Stop)); // already gone: still success

        Assert.Equal(AgentResult.Ok, await Run(onB, AgentAction.Start));
        // Gratuitous ARP moves the third node's neighbour entry to b without it asking.
        await Until(() => lab.NeighbourMac("c", Vip) == lab.Mac("b"), "the third node to learn b's MAC from gratuitous ARP");
        Assert.True(lab.Ping("c", Vip));
        Assert.Equal(lab.Mac("b"), lab.NeighbourMac("c", Vip));
        await onB.Announcements;
    }

    [Fact]
    public async Task Without_bits_and_nic_they_come_from_the_interface_of_the_network_and_a_down_link_fails_the_monitor()
    {
        using var lab = new NetnsLab("a", "c");
        var onA = new IpAddressAgent((IpAddressSpec)ResourceSpecParser.Parse(Vip), For("a", lab.Prefix("a")), arpCount: 1);
        Assert.Equal(AgentResult.Ok, await Run(onA, AgentAction.Start));
        Assert.Contains($"inet {Vip}/24 ", Volume.Proc.Ok("ip", "-n", lab.Nodes["a"], "-o", "-4", "addr", "show", "dev", "eth0").Out);
        Assert.True(lab.Ping("c", Vip));

        Volume.Proc.Ok("ip", "-n", lab.Nodes["a"], "link", "set", "eth0", "down");
        var r = await Run(onA, AgentAction.Monitor);
        Assert.True(r.Outcome is AgentOutcome.Failed or AgentOutcome.NotRunning, r.ToString());
        Assert.Contains("eth0", r.Reason);
    }

    [Fact]
    public async Task An_address_in_no_network_of_the_node_is_refused_with_what_to_write()
    {
        using var lab = new NetnsLab("a");
        var onA = new IpAddressAgent((IpAddressSpec)ResourceSpecParser.Parse("IPaddr::10.251.0.7"), For("a", lab.Prefix("a")));
        var r = await Run(onA, AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, r.Outcome);
        Assert.Contains("no interface has an address in the network of 10.251.0.7; name the interface and prefix", r.Reason);
    }
}
