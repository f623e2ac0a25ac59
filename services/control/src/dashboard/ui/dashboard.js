// Every state-changing request from the pages goes out as JSON: the operator API takes JSON bodies only (a page of
// another site cannot post JSON without a CORS preflight), so htmx forms encode their fields as one JSON object.
htmx.defineExtension('json-form', {
  onEvent: function (name, evt) {
    if (name === 'htmx:configRequest' && evt.detail.verb !== 'get') evt.detail.headers['Content-Type'] = 'application/json';
  },
  encodeParameters: function (xhr, parameters) {
    xhr.overrideMimeType('text/json');
    const body = {};
    parameters.forEach(function (value, key) {
      body[key] = value;
    });
    return JSON.stringify(body);
  },
});
