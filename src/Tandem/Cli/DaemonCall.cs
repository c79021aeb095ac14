using Tandem.Control;
using Tandem.Control.Protocol;

namespace Tandem.Cli;

/// <summary>Sends one request to this node's daemon and turns a refusal into exit status 1.</summary>
static class DaemonCall
{
    public static ControlResponse Send(NodeContext node, ControlRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var response = ControlClient.SendAsync(node.ControlSocket, request, timeout.Token).GetAwaiter().GetResult();
        if (!response.Ok)
            throw new CommandFailedException(response.Error ?? "the daemon refused without a reason");
        return response;
    }
}
