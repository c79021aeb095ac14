using System.Net;
using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.IpAddress;

/// <summary>
/// <c>IPaddr</c>: adds the service address with <c>ip addr add</c>, tells the neighbours with gratuitous ARP
/// (<c>arping -U</c>, several times, in the background so the start does not wait for it), removes it on stop.
/// The monitor checks that the address is on its interface and the link is up.
/// </summary>
public sealed partial class IpAddressAgent(IpAddressSpec spec, AgentContext context, int arpCount = IpAddressAgent.DefaultArpCount) : IResourceAgent
{
    /// <summary>Gratuitous ARPs sent after a start, one a second (Heartbeat's IPaddr sent 5).</summary>
    public const int DefaultArpCount = 5;

    string Ip => spec.Address.ToString();

    public ResourceSpec Spec => spec;

    public async Task<AgentResult> StartAsync(CancellationToken ct)
    {
        var all = await AddressesAsync(ct);
        if (all is null)
            return AgentResult.Failed("cannot list addresses with ip addr show");
        var present = Mine(all);
        if (present.Count > 0)
        {
            StartArp(present[0].Interface);
            return AgentResult.Ok;
        }
        if (all.FirstOrDefault(e => e.Address.Equals(spec.Address)) is { } elsewhere)
            return AgentResult.Failed($"{Ip} is already on {elsewhere.Interface}, not {spec.Interface}; remove it there first");
        if (Resolve(all) is not ({ } nic, { } bits))
            return AgentResult.Failed(spec.Interface is null
                ? $"no interface has an address in the network of {Ip}; name the interface and prefix: IPaddr::{Ip}/24/eth1"
                : $"no address of {spec.Interface} is in the network of {Ip}, so the prefix length is unknown; write IPaddr::{Ip}/24/{spec.Interface}");
        if (await LinkProblemAsync(nic, ct) is { } problem)
            return AgentResult.Failed($"{nic}: {problem}");
        List<string> args = ["addr", "add", $"{Ip}/{bits}"];
        if (spec.Broadcast is not null)
            args.AddRange(["brd", spec.Broadcast.ToString()]);
        else if (bits < 31)
            args.AddRange(["brd", "+"]);
        args.AddRange(["dev", nic]);
        if (spec.Label is not null)
            args.AddRange(["label", spec.Label]);
        var r = await context.RunAsync("ip", args, ct);
        if (r.ExitCode != 0)
            return AgentResult.Failed($"ip {string.Join(' ', args)}: {r.Describe()}");
        context.Log.AddressAdded(spec.Id, Ip, bits, nic);
        StartArp(nic);
        return AgentResult.Ok;
    }

    public async Task<AgentResult> StopAsync(CancellationToken ct)
    {
        await StopArpAsync();
        var all = await AddressesAsync(ct);
        if (all is null)
            return AgentResult.Failed("cannot list addresses with ip addr show");
        foreach (var e in Mine(all))
        {
            var r = await context.RunAsync("ip", ["addr", "del", $"{Ip}/{e.PrefixLength}", "dev", e.Interface], ct);
            if (r.ExitCode != 0)
                return AgentResult.Failed($"ip addr del {Ip}/{e.PrefixLength} dev {e.Interface}: {r.Describe()}");
            context.Log.AddressRemoved(spec.Id, Ip, e.PrefixLength, e.Interface);
        }
        return AgentResult.Ok;
    }

    public async Task<AgentResult> MonitorAsync(CancellationToken ct)
    {
        var all = await AddressesAsync(ct);
        if (all is null)
            return AgentResult.Failed("cannot list addresses with ip addr show");
        var mine = Mine(all);
        if (mine.Count == 0)
            return AgentResult.NotRunning($"{Ip} is not on {spec.Interface ?? "any interface"}");
        if (await LinkProblemAsync(mine[0].Interface, ct) is { } problem)
            return AgentResult.Failed($"{mine[0].Interface}: {problem}");
        return AgentResult.Ok;
    }

    /// <summary>The entries of this address (on the configured interface, when one is given).</summary>
    List<IpAddrEntry> Mine(IReadOnlyList<IpAddrEntry> all) =>
        all.Where(e => e.Address.Equals(spec.Address) && (spec.Interface is null || e.Interface == spec.Interface)).ToList();

    /// <summary>Interface and prefix: as configured, else from an address whose network holds the service address.</summary>
    (string?, int?) Resolve(IReadOnlyList<IpAddrEntry> all)
    {
        if (spec.Interface is not null && spec.PrefixLength is not null)
            return (spec.Interface, spec.PrefixLength);
        var match = all.FirstOrDefault(e => !e.Address.Equals(spec.Address) && e.Label is null && e.Contains(spec.Address)
            && (spec.PrefixLength is null || e.PrefixLength == spec.PrefixLength)
            && (spec.Interface is null || e.Interface == spec.Interface));
        return match is null ? (null, null) : (spec.Interface ?? match.Interface, spec.PrefixLength ?? match.PrefixLength);
    }

    async Task<IReadOnlyList<IpAddrEntry>?> AddressesAsync(CancellationToken ct)
    {
        var r = await context.RunAsync("ip", ["-o", "-4", "addr", "show"], ct);
        return r.ExitCode == 0 ? IpAddrEntry.Parse(r.Stdout) : null;
    }

    async Task<string?> LinkProblemAsync(string nic, CancellationToken ct)
    {
        var r = await context.RunAsync("ip", ["-o", "link", "show", "dev", nic], ct);
        return r.ExitCode != 0 ? $"no such interface ({r.Describe()})" : LinkFlags.Problem(r.Stdout);
    }
}
