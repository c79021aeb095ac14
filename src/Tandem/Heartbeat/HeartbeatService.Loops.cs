using System.Net;
using System.Net.Sockets;
using Tandem.Heartbeat.Protocol;

namespace Tandem.Heartbeat;

/// <summary>The three loops: send every keepalive, receive on every socket, tick for deadlines.</summary>
public sealed partial class HeartbeatService
{
    async Task SendLoop(CancellationToken ct)
    {
        var buffer = new byte[HeartbeatLimits.MaxFrameBytes];
        var failing = new bool[_links.Count];
        ulong sequence = 0;
        using var timer = new PeriodicTimer(_cluster.Keepalive, _time);
        try
        {
            do
            {
                sequence++;
                var payload = Volatile.Read(ref _localPayload);
                foreach (var link in _links)
                {
                    var message = new HeartbeatMessage(HeartbeatMessageType.Heartbeat, _cluster.Name, _self, Generation, sequence, link.Index, payload);
                    var length = HeartbeatCodec.Write(message, _key, buffer);
                    try
                    {
                        await link.Sender.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, link.Destination, ct);
                        if (failing[link.Index])
                            _log.SendRecovered(link.Index, link.Destination.ToString());
                        failing[link.Index] = false;
                    }
                    catch (SocketException e)
                    {
                        if (!failing[link.Index])
                            _log.SendFailed(link.Index, link.Destination.ToString(), e.Message);
                        failing[link.Index] = true;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    async Task ReceiveLoop(HeartbeatLinkSockets link, Socket socket, CancellationToken ct)
    {
        // One byte more than the largest frame, so an oversized datagram shows as such instead of as truncated.
        var buffer = new byte[HeartbeatLimits.MaxFrameBytes + 1];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                if (ct.IsCancellationRequested)
                    return;
                _log.ReceiveFailed(link.Index, e.Message);
                try { await Task.Delay(TimeSpan.FromMilliseconds(100), _time, ct); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            MembershipInput input;
            try
            {
                input = new MembershipInput.Received(link.Index, HeartbeatCodec.ReadDatagram(buffer.AsSpan(0, r.ReceivedBytes), _key));
            }
            catch (HeartbeatProtocolException e)
            {
                input = new MembershipInput.Rejected(link.Index, e.Forged ? DropReason.Forged : DropReason.Corrupt, $"{e.Message} (from {r.RemoteEndPoint})");
            }
            Apply(input);
        }
    }

    async Task TickLoop(CancellationToken ct)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_cluster.Keepalive.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                Apply(new MembershipInput.Tick());
        }
        catch (OperationCanceledException) { }
    }
}
