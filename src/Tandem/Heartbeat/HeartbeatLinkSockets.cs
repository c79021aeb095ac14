using System.Net;
using System.Net.Sockets;
using Tandem.Config;

namespace Tandem.Heartbeat;

/// <summary>
/// The sockets of one heartbeat link. The sending socket is bound to this node's endpoint of the link (it also
/// receives unicast). Broadcast and multicast add a receiving socket bound to the broadcast address or the group
/// on the same port, because Linux does not hand those to a socket bound to a unicast address.
/// </summary>
sealed class HeartbeatLinkSockets : IDisposable
{
    HeartbeatLinkSockets(int index, IPEndPoint local, IPEndPoint destination, Socket sender, Socket? extra)
    {
        Index = index;
        Local = local;
        Destination = destination;
        Sender = sender;
        Receivers = extra is null ? [sender] : [sender, extra];
    }

    public int Index { get; }
    public IPEndPoint Local { get; }
    /// <summary>Where heartbeats of this link go: the peer's endpoint, a broadcast address or the group.</summary>
    public IPEndPoint Destination { get; }
    public Socket Sender { get; }
    public IReadOnlyList<Socket> Receivers { get; }

    public static HeartbeatLinkSockets Open(int index, IPEndPoint local, IPEndPoint peer, HeartbeatMode mode, string group)
    {
        var sender = Bound(local, reuse: false);
        Socket? extra = null;
        try
        {
            IPEndPoint destination;
            switch (mode)
            {
                case HeartbeatMode.Unicast:
                    destination = peer;
                    break;
                case HeartbeatMode.Broadcast:
                    var broadcast = HeartbeatEndpoint.BroadcastOf(local.Address);
                    sender.EnableBroadcast = true;
                    destination = new IPEndPoint(broadcast, peer.Port);
                    extra = Bound(new IPEndPoint(broadcast, local.Port), reuse: true);
                    break;
                case HeartbeatMode.Multicast:
                    var g = IPAddress.Parse(group);
                    if (g.AddressFamily != local.AddressFamily)
                        throw new InvalidOperationException($"multicast_group {group} and heartbeat endpoint {local} are not the same IP version; use a group of the endpoints' version");
                    destination = new IPEndPoint(g, peer.Port);
                    extra = JoinGroup(g, local);
                    SetMulticastInterface(sender, local.Address);
                    break;
                default:
                    throw new InvalidOperationException($"unhandled heartbeat mode {mode}");
            }
            return new HeartbeatLinkSockets(index, local, destination, sender, extra);
        }
        catch
        {
            sender.Dispose();
            extra?.Dispose();
            throw;
        }
    }

    static Socket Bound(IPEndPoint at, bool reuse)
    {
        var s = new Socket(at.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (reuse)
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(at);
            return s;
        }
        catch (SocketException e)
        {
            s.Dispose();
            throw new InvalidOperationException($"cannot listen for heartbeats on {at}: {e.Message}; check that {at.Address} is an address of this node and that no other program uses UDP port {at.Port}");
        }
    }

    static Socket JoinGroup(IPAddress group, IPEndPoint local)
    {
        var s = Bound(new IPEndPoint(group, local.Port), reuse: true);
        try
        {
            if (group.AddressFamily == AddressFamily.InterNetwork)
                s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local.Address));
            else
                s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, InterfaceIndex(local.Address)));
            return s;
        }
        catch (SocketException e)
        {
            s.Dispose();
            throw new InvalidOperationException($"cannot join multicast group {group} on {local.Address}: {e.Message}; check that the interface allows multicast");
        }
    }

    static void SetMulticastInterface(Socket s, IPAddress local)
    {
        if (local.AddressFamily == AddressFamily.InterNetwork)
        {
            s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
            s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        }
        else
        {
            s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, (int)InterfaceIndex(local));
            s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 1);
        }
    }

    static long InterfaceIndex(IPAddress local) =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(n => n.GetIPProperties().UnicastAddresses.Any(a => a.Address.Equals(local)))
            ?.GetIPProperties().GetIPv6Properties()?.Index ?? 0;

    public void Dispose()
    {
        foreach (var s in Receivers)
            s.Dispose();
    }
}
