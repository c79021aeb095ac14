namespace Tandem.Resources.Agents;

/// <summary>
/// Runs one agent action under its timeout. An agent that overruns is abandoned (its token is cancelled, which
/// kills its programs) and the action counts as <see cref="AgentOutcome.TimedOut"/>; an agent that throws has
/// <see cref="AgentOutcome.Failed"/>.
/// </summary>
public static class AgentInvoker
{
    public static async Task<AgentResult> InvokeAsync(IResourceAgent agent, AgentAction action, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            var task = action switch
            {
                AgentAction.Start => agent.StartAsync(linked.Token),
                AgentAction.Stop => agent.StopAsync(linked.Token),
                AgentAction.Monitor => agent.MonitorAsync(linked.Token),
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            };
            return await task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return AgentResult.TimedOut($"{action.ToString().ToLowerInvariant()} did not finish within {Config.Duration.Format(timeout)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return AgentResult.Failed($"{action.ToString().ToLowerInvariant()} threw {e.GetType().Name}: {e.Message}");
        }
    }
}
