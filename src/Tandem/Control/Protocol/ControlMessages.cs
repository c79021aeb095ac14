using System.Text.Json;

namespace Tandem.Control.Protocol;

/// <summary>A CLI command sent to the node's daemon: one JSON object per line on the control socket.</summary>
public sealed record ControlRequest(string Command, string? Volume = null, bool Force = false, bool DiscardMyData = false);

/// <summary>
/// The daemon's answer. <see cref="Ok"/> false means refused or failed: <see cref="Error"/> is the
/// one-line reason shown to the operator (exit status 1).
/// </summary>
public sealed record ControlResponse(bool Ok, string? Error = null, string? Message = null, JsonElement? Result = null)
{
    public static ControlResponse Done(string? message = null) => new(true, null, message);
    public static ControlResponse Fail(string error) => new(false, error);
    public static ControlResponse With<T>(T result, string? message = null) =>
        new(true, null, message, JsonSerializer.SerializeToElement(result, ControlJson.Options));
}
