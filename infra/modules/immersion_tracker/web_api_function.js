// CloudFront viewer-request function of /api/*: the API sees its own paths, and a session
// cookie arrives as "Authorization: Session <token>" for API Gateway's authorizer.
function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\/api(?=\/)/, '');
  var cookie = request.cookies['it_session'];
  if (!request.headers.authorization && cookie && cookie.value) {
    request.headers.authorization = { value: 'Session ' + cookie.value };
  }
  return request;
}
