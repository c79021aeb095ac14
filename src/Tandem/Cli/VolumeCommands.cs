using System.Text.Json;
using Tandem.Control.Protocol;
using Tandem.Volume;

namespace Tandem.Cli;

/// <summary><c>tandem volume ...</c>: create-md runs here; everything else asks the daemon.</summary>
static class VolumeCommands
{
    public static int Run(ParsedArgs p)
    {
        var sub = p.Word(1, "volume subcommand (create-md, up, down, primary, secondary, connect, disconnect, verify, invalidate, status)");
        if (sub == "status")
            return Status(p);
        var res = p.Word(2, "resource name (e.g. r0)");
        p.NoMoreWordsAfter(3);
        switch (sub)
        {
            case "create-md":
                p.Allow("--force");
                return CreateMetadataCommand.Run(NodeContext.Load(p), res, p.Has("--force"));
            case "primary":
                p.Allow("--force");
                break;
            case "connect":
                p.Allow("--discard-my-data");
                break;
            case "up" or "down" or "secondary" or "disconnect" or "verify" or "invalidate":
                p.Allow();
                break;
            default:
                throw new UsageException($"unknown volume subcommand '{sub}'");
        }
        var node = NodeContext.Load(p);
        node.Volume(res);
        var response = DaemonCall.Send(node, new ControlRequest("volume." + sub, res, p.Has("--force"), p.Has("--discard-my-data")));
        if (!p.Has("--quiet") && response.Message is { } m)
            Console.WriteLine(m);
        return 0;
    }

    static int Status(ParsedArgs p)
    {
        p.Allow("--json");
        p.NoMoreWordsAfter(3);
        var node = NodeContext.Load(p);
        string? res = p.Words.Count > 2 ? p.Words[2] : null;
        if (res is not null)
            node.Volume(res);
        var response = DaemonCall.Send(node, new ControlRequest("volume.status", res));
        var list = response.Result!.Value.Deserialize<List<VolumeStatus>>(ControlJson.Options)!;
        if (p.Has("--json"))
            Console.WriteLine(res is null
                ? JsonSerializer.Serialize(list, ControlJson.Indented)
                : JsonSerializer.Serialize(list.Single(), ControlJson.Indented));
        else
            Console.Write(VolumeStatusView.Render(list));
        return 0;
    }
}
