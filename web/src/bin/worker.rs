//! The analysis worker: answers [`retort_web::protocol::Request`]s with
//! [`retort_web::analysis::Session`] off the main thread, so that typing in the
//! editor never waits for an analysis.

use retort_web::analysis::Session;
use retort_web::protocol::{Request, Response};
use retort_web::service::serve;

fn main() {
    let mut session = Session::default();
    let now = || js_sys::Date::now();
    serve(
        Response::Ready,
        move |request: Request, emit: &mut dyn FnMut(Response)| {
            emit(session.handle(request, &now));
        },
    );
}
