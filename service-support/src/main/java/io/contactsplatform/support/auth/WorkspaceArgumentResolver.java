package io.contactsplatform.support.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Supplies the authenticated {@link Workspace} to controller methods that declare it. */
public class WorkspaceArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Workspace.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
                                      ServerWebExchange exchange) {
    Workspace workspace = exchange.getAttribute(ApiKeyAuthenticationFilter.WORKSPACE_ATTRIBUTE);
    return workspace == null
        ? Mono.error(new IllegalStateException("request reached a controller without a workspace"))
        : Mono.just(workspace);
  }
}
