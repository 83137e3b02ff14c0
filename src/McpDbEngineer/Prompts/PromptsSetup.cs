using Microsoft.Extensions.DependencyInjection;

namespace McpDbEngineer.Prompts;

/// <summary>The MCP prompts: the files of prompts/, embedded.</summary>
public static class PromptsSetup
{
    public static IMcpServerBuilder AddPrompts(this IMcpServerBuilder builder) =>
        builder
            .WithListPromptsHandler((_, _) => PromptLibrary.ListAsync())
            .WithGetPromptHandler((request, _) => PromptLibrary.GetAsync(request.Params!));
}
